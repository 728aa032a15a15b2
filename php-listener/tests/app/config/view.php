<?php

return [
    'paths' => [dirname(__DIR__).'/resources/views'],
    'compiled' => getenv('BRIDGE_PHP_SCRATCH').'/storage/framework/views',
];
