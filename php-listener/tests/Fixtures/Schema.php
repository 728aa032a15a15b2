<?php

namespace Ict\Bridge\Tests\Fixtures;

use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema as Builder;

/** The help-desk tables of the fixtures, created in SQLite memory. */
final class Schema
{
    public static function create(): void
    {
        Builder::create('users', function (Blueprint $t) {
            $t->id();
            $t->string('name');
            $t->string('password')->default('secret-hash');
            $t->string('status')->default('active');
            $t->text('roles')->nullable();
            $t->timestamps();
        });
        Builder::create('tickets', function (Blueprint $t) {
            $t->id();
            $t->string('title');
            $t->string('status')->default('open');
            $t->unsignedBigInteger('user_id');
            $t->unsignedBigInteger('assigned_to')->nullable();
            $t->timestamps();
        });
        Builder::create('ticket_comments', function (Blueprint $t) {
            $t->id();
            $t->unsignedBigInteger('ticket_id');
            $t->unsignedBigInteger('user_id');
            $t->text('body');
            $t->boolean('is_internal')->default(false);
            $t->timestamps();
        });
        Builder::create('equipment', function (Blueprint $t) {
            $t->id();
            $t->string('name');
            $t->string('status');
            $t->string('location');
            $t->unsignedBigInteger('assigned_user_id')->nullable();
            $t->timestamps();
        });
        Builder::create('knowledge_articles', function (Blueprint $t) {
            $t->id();
            $t->string('title');
            $t->boolean('is_published')->default(false);
            $t->unsignedBigInteger('author_id');
            $t->timestamps();
        });
        Builder::create('system_notifications', function (Blueprint $t) {
            $t->id();
            $t->string('title');
            $t->text('user_ids')->nullable();
            $t->text('roles')->nullable();
            $t->timestamps();
        });
    }
}
