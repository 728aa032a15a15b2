<?php

namespace Ict\Bridge\Tests\Support;

/**
 * The flag table of the contract ("Flags in payloads"): each value with how
 * it must be read. `ABSENT` stands for a field that is not there at all.
 */
final class FlagValues
{
    public const ABSENT = "\0absent";

    /**
     * @return array<string, array{mixed, ?bool}> label => [value, reading]:
     *         true = yes, false = no, null = unclear (the restrictive side)
     */
    public static function readings(): array
    {
        return [
            'absent' => [self::ABSENT, false],
            'null' => [null, false],
            'false' => [false, false],
            'int 0' => [0, false],
            '"0"' => ['0', false],
            '"false"' => ['false', false],
            '"FALSE"' => ['FALSE', false],
            '"False"' => ['False', false],
            '""' => ['', false],
            'float 0.0' => [0.0, false],
            'true' => [true, true],
            'int 1' => [1, true],
            '"1"' => ['1', true],
            '"true"' => ['true', true],
            '"TRUE"' => ['TRUE', true],
            '"True"' => ['True', true],
            'float 1.0' => [1.0, true],
            '"yes"' => ['yes', null],
            '"Yes"' => ['Yes', null],
            '"on"' => ['on', null],
            '"no"' => ['no', null],
            '"off"' => ['off', null],
            '"null"' => ['null', null],
            '"internal"' => ['internal', null],
            'int 2' => [2, null],
            'int -1' => [-1, null],
            'float 0.5' => [0.5, null],
            '"2"' => ['2', null],
            '" 1"' => [' 1', null],
            '"1 "' => ['1 ', null],
            '" 0"' => [' 0', null],
            '"0.0"' => ['0.0', null],
            '"00"' => ['00', null],
            '"t"' => ['t', null],
            '[]' => [[], null],
            '[1]' => [[1], null],
        ];
    }

    /** @return array<string, array{mixed, bool}> label => [value, is_internal as published] */
    public static function internal(): array
    {
        return array_map(fn ($row) => [$row[0], $row[1] !== false], self::readings());
    }

    /** @return array<string, array{mixed, bool}> label => [value, is_published / everyone as published] */
    public static function published(): array
    {
        return array_map(fn ($row) => [$row[0], $row[1] === true], self::readings());
    }

    /** `$fields` with `$key` set to `$value`, or without it when ABSENT. */
    public static function with(array $fields, string $key, mixed $value): array
    {
        if ($value !== self::ABSENT) {
            $fields[$key] = $value;
        }

        return $fields;
    }
}
