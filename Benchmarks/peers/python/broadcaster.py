"""The sidecar a team would write by hand: Redis pub/sub -> every WebSocket client.

Subscribes to one Redis channel and sends each message, unchanged, to every connected client
with `websockets.broadcast` (which skips clients whose write buffer is full instead of
waiting for them). Plain asyncio, no uvloop: the common setup.
"""
import argparse
import asyncio
import signal

import redis.asyncio as redis
from websockets.asyncio.server import broadcast, serve

CLIENTS = set()


async def session(ws):
    CLIENTS.add(ws)
    try:
        async for _ in ws:  # clients never send anything that matters here
            pass
    finally:
        CLIENTS.discard(ws)


async def pump(redis_url, channel):
    client = redis.from_url(redis_url)
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(channel)
    async for message in pubsub.listen():
        if message["type"] == "message":
            data = message["data"]
            broadcast(CLIENTS, data.decode() if isinstance(data, bytes) else data)


async def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8092)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--channel", default="bench")
    args = parser.parse_args()
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.cancel)
    async with serve(session, args.host, args.port, ping_interval=None, max_queue=16, backlog=4096):
        print(f"python broadcaster on ws://{args.host}:{args.port}/ channel {args.channel}", flush=True)
        task = asyncio.create_task(pump(args.redis_url, args.channel))
        try:
            await stop
        except asyncio.CancelledError:
            pass
        task.cancel()


if __name__ == "__main__":
    asyncio.run(main())
