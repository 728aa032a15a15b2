<?php

use Illuminate\Support\Facades\Broadcast;

/* The test app's channel callbacks, as an app's routes/channels.php. */

// A user's own private channel.
Broadcast::channel('App.Models.User.{id}', fn ($user, $id) => (int) $user->getAuthIdentifier() === (int) $id);

// A presence channel for the members of a room: odd rooms are for odd user ids.
Broadcast::channel('room.{room}', function ($user, $room) {
    if ($user->getAuthIdentifier() % 2 !== $room % 2) {
        return false;
    }

    return ['name' => $user->name, 'room' => (int) $room];
});
