<?php

namespace Ict\Bridge\Http;

use Ict\Bridge\Exceptions\TokenError;
use Ict\Bridge\Support\BridgeUrls;
use Ict\Bridge\Tokens\TokenIssuer;
use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;

/** GET /websocket/token: {"token","url","expires_at"} for the logged-in user. */
final class TokenController
{
    public function __invoke(Request $request, TokenIssuer $issuer, BridgeUrls $urls): JsonResponse
    {
        $user = $request->user();
        if ($user === null) {
            return new JsonResponse(['error' => 'not logged in'], 401);
        }
        try {
            $issued = $issuer->issue($user);
        } catch (TokenError $e) {
            logger()->error('websocket: '.$e->getMessage());

            return new JsonResponse(['error' => 'session tokens are not configured ('.($e->setting ?? 'BRIDGE_SECRET').')'], 503);
        }

        return (new JsonResponse([
            'token' => $issued['token'],
            'url' => $urls->websocket($request),
            'expires_at' => $issued['expires_at'],
        ]))->header('Cache-Control', 'no-store, private');
    }
}
