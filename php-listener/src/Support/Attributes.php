<?php

namespace Ict\Bridge\Support;

use Illuminate\Contracts\Support\Arrayable;
use Illuminate\Database\Eloquent\Model;

/**
 * Turns an Eloquent model (or a plain array) into the array an event carries,
 * with the contract's field names filled from the columns named in
 * config('websocket.attributes.<kind>').
 */
final class Attributes
{
    /**
     * @param  Model|Arrayable|array  $source
     * @return array<string, mixed>
     */
    public static function of($source, string $kind): array
    {
        if (is_array($source)) {
            return $source;
        }

        $data = $source instanceof Model ? $source->attributesToArray() : $source->toArray();

        if ($source instanceof Model) {
            foreach (self::map($kind) as $field => $column) {
                if ($field !== $column && ! str_ends_with($field, '_relation') && ! array_key_exists($field, $data)) {
                    $data[$field] = $source->getAttribute($column);
                }
            }
        }

        return $data;
    }

    /**
     * The contract field `field` of `source`, given `data` = of(source): from
     * `data` when there, else from the model's column even when the model
     * hides it (a hidden is_internal must still make the comment internal).
     */
    public static function field($source, array $data, string $kind, string $field): mixed
    {
        if (array_key_exists($field, $data)) {
            return $data[$field];
        }

        return $source instanceof Model ? $source->getAttribute(self::column($kind, $field)) : null;
    }

    /** The column of `field` for models of `kind`. */
    public static function column(string $kind, string $field): string
    {
        return self::map($kind)[$field] ?? $field;
    }

    /** @return array<string, string> */
    private static function map(string $kind): array
    {
        if (! function_exists('config') || ! function_exists('app') || ! app()->bound('config')) {
            return [];
        }

        return (array) config("websocket.attributes.$kind", []);
    }
}
