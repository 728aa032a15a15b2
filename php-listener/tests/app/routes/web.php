<?php

use Ict\Bridge\Events\TicketStatusChanged;
use Illuminate\Support\Facades\Route;

/* An ordinary app route that raises an event, and a page using @liveUpdates. */

Route::middleware('web')->group(function () {
    Route::post('/tickets/{id}/close', function (int $id) {
        event(new TicketStatusChanged(['id' => $id, 'requester_id' => 7, 'status' => 'closed'], 'open'));

        return response()->json(['closed' => $id]);
    });

    Route::get('/layout', fn () => view('layout'));
});

Route::post('/notices/{user}', function (int $user) {
    broadcast(new Ict\Bridge\Tests\Fixtures\Events\PrivateNotice($user, 'sent by this tab'))->toOthers();

    return 'sent';
});
