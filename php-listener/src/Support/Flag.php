<?php

namespace Ict\Bridge\Support;

use Illuminate\Database\Eloquent\Model;

/**
 * How a yes/no field of an event reads (the bridge's docs/protocol.md, "Flags
 * in payloads"), the same rule the bridge applies:
 *
 * - no:  absent, null, false, 0, "0", "false" (any case), "";
 * - yes: true, 1, "1", "true" (any case);
 * - anything else ("yes", "on", 2, " 1", arrays…) is unclear, and unclear is
 *   read the restrictive way: internal, draft, not everyone.
 *
 * Eloquent's tinyint columns arrive as 0/1, form input as "1"/"true".
 * Events publish the result as a JSON true/false, so the bridge never has to
 * guess. Absent is the caller's `$array[$key] ?? null`.
 */
final class Flag
{
    /** true for yes, false for no, null when unclear. */
    public static function read(mixed $value): ?bool
    {
        if ($value === null || $value === false || $value === 0 || $value === 0.0) {
            return false;
        }
        if ($value === true || $value === 1 || $value === 1.0) {
            return true;
        }
        if (is_string($value)) {
            return match (strtolower($value)) {
                '', '0', 'false' => false,
                '1', 'true' => true,
                default => null,
            };
        }

        return null;
    }

    /** A flag that widens the audience when set (is_published, everyone): true only when clearly yes. */
    public static function yes(mixed $value): bool
    {
        return self::read($value) === true;
    }

    /** A flag that narrows the audience when set (is_internal): false only when clearly no. */
    public static function unlessNo(mixed $value): bool
    {
        return self::read($value) !== false;
    }

    /**
     * The envelope with the flags the bridge's relevance rules read as JSON
     * booleans: data.comment.is_internal, data.article.is_published and
     * audience.everyone, where present. A comment or article given as an
     * Eloquent model becomes its array first, its flag read from the model
     * (even when hidden), so it cannot arrive without it.
     *
     * @param  array<string, mixed>  $envelope
     * @return array<string, mixed>
     */
    public static function envelope(array $envelope): array
    {
        foreach (['comment' => ['is_internal', 'unlessNo'], 'article' => ['is_published', 'yes']] as $kind => [$field, $reading]) {
            $value = $envelope['data'][$kind] ?? null;
            if ($value instanceof Model) {
                $array = Attributes::of($value, $kind);
                $array[$field] = self::$reading(Attributes::field($value, $array, $kind, $field));
                $envelope['data'][$kind] = $array;
            } elseif (is_array($value) && array_key_exists($field, $value)) {
                $envelope['data'][$kind][$field] = self::$reading($value[$field]);
            }
        }
        if (is_array($envelope['audience'] ?? null) && array_key_exists('everyone', $envelope['audience'])) {
            $envelope['audience']['everyone'] = self::yes($envelope['audience']['everyone']);
        }

        return $envelope;
    }
}
