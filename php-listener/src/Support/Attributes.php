<?php

namespace Ict\Bridge\Support;

use Illuminate\Contracts\Support\Arrayable;
use Illuminate\Database\Eloquent\Model;

/**
 * Turns an Eloquent model (or a plain array) into the array an event carries,
 * with the SPEC's field names filled from the columns named in
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
