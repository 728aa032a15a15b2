<?php

namespace Ict\Bridge\Tests\Feature;

use Ict\Bridge\Events;
use Ict\Bridge\Events\HelpDeskEvent;
use Ict\Bridge\Tests\Support\BridgeProcess;
use Ict\Bridge\Tests\Support\RedisClient;
use Ict\Bridge\Tests\Support\Services;
use Ict\Bridge\Tests\Support\WebSocketClient;
use Ict\Bridge\Tests\TestCase;
use Ict\Bridge\Tokens\Jwt;
use Illuminate\Log\Events\MessageLogged;
use Illuminate\Support\Facades\Event;

/**
 * All nodes stopped while real Laravel publishes through php-listener; after
 * the restart, a client that resumes gets every event (docs/protocol.md, "Ids,
 * resume, resync" and "Several nodes: one service").
 *
 * Two bridge nodes of this test's own (own ports and BRIDGE_NODE_ID, the
 * suite's Redis, stream, prefix and secret, inherited from run.sh) are stopped
 * with SIGTERM; Laravel keeps appending to the stream with XADD meanwhile (no
 * POST /broadcast: its target is node 1, down); the restarted nodes preload the
 * stream, and a resume with the last id seen before the outage, on either
 * node, replays exactly the relevant events with their stream ids. The suite's
 * shared bridge is never touched.
 */
class ResumeAfterOutageTest extends TestCase
{
    /** The suite's stream as Redis holds it: Laravel's prefix + BRIDGE_STREAM (run.sh). */
    private const KEY = 'laravel_database_bridge:events';

    /** A non-staff user no other test uses. */
    private const USER = '4242';

    /** @var array<int, BridgeProcess|null> node number => its running process */
    private array $nodes = [];

    /** @var array<int, int> node number => port */
    private array $ports = [];

    /** @var list<WebSocketClient> */
    private array $clients = [];

    /** @var list<MessageLogged> */
    private array $logged = [];

    protected function setUp(): void
    {
        parent::setUp();
        Event::listen(MessageLogged::class, fn (MessageLogged $m) => $this->logged[] = $m);
        $this->ports = [1 => Services::freePort(), 2 => Services::freePort()];
        $this->assertNotSame($this->ports[1], $this->ports[2]);
        $this->assertNotContains(Services::bridgePort(), $this->ports, 'not the suite\'s bridge');
        // Laravel talks to node 1: were the POST /broadcast fallback used while it is down, it would fail and log.
        config(['websocket.host' => '127.0.0.1', 'websocket.port' => $this->ports[1]]);
    }

    protected function tearDown(): void
    {
        foreach ($this->clients as $client) {
            $client->close();
        }
        $this->clients = [];
        foreach (array_keys($this->nodes) as $n) {
            $this->nodes[$n]?->stop(); // SIGTERM, SIGKILL after 6 s; even when the test failed
            $this->nodes[$n] = null;
        }
        parent::tearDown();
    }

    public function test_a_client_resuming_after_every_node_was_stopped_gets_every_event_published_meanwhile(): void
    {
        $redis = new RedisClient(Services::redisPort());
        $suiteBridge = Services::status();
        $this->startNodes();

        // Before the outage: a live session on node 1 sees an event and keeps its id.
        $live = $this->connect(1);
        $before = new Events\TicketCreated(['id' => 9100, 'title' => 'Monitor', 'status' => 'open', 'requester_id' => (int) self::USER]);
        event($before);
        $seen = $this->nextFrame($live);
        $this->assertSame('ticket_created', $seen['type'] ?? null, 'live delivery on node 1: '.json_encode($seen));
        $this->assertEquals($this->plain($before->data()), $seen['data']);
        $lastId = $seen['id'];
        $this->assertSame($redis->lastId(self::KEY), $lastId, 'the event id is its stream entry id');

        // Every node stopped (SIGTERM); the live session is told 4200 (server shutting down).
        $this->stopNodes();
        $this->assertNull($live->receiveJson(2.0));
        $this->assertSame(4200, $live->closeCode, 'node 1 closed the session as shutting down');

        // Laravel keeps publishing while no node of ours runs: relevant and irrelevant events for USER, interleaved.
        $ticket = ['id' => 9100, 'title' => 'Monitor', 'status' => 'open', 'requester_id' => (int) self::USER, 'assignee_id' => 5];
        $other = ['id' => 9101, 'title' => 'Keyboard', 'status' => 'open', 'requester_id' => 8, 'assignee_id' => 5];
        /** @var list<array{HelpDeskEvent, bool}> event => relevant to USER, in firing order */
        $fired = [
            [new Events\TicketStatusChanged($ticket, 'open', 'in_progress'), true],        // requester
            [new Events\UserCreated(['id' => 4243, 'name' => 'New']), false],              // admins only
            [new Events\SystemNotificationCreated(['id' => 71, 'title' => 'Your PC', 'user_ids' => [(int) self::USER]]), true],
            [new Events\TicketCreated($other), false],                                     // someone else's ticket
            [new Events\TicketCommentCreated(['id' => 31, 'author_id' => 5, 'body' => 'internal', 'is_internal' => true], $ticket), false],
            [new Events\KnowledgeArticleCreated(['id' => 12, 'title' => 'VPN', 'author_id' => 8, 'is_published' => true]), true],
            [new Events\SystemNotificationCreated(['id' => 72, 'title' => 'Techs', 'roles' => ['technician']]), false],
            [new Events\TicketAssigned(array_merge($other, ['assignee_id' => (int) self::USER]), 5, 1), true], // new assignee
            [new Events\TicketCommentCreated(['id' => 32, 'author_id' => 5, 'body' => 'Done', 'is_internal' => false], $ticket), true],
            [new Events\EquipmentStatusChanged(['id' => 4, 'assigned_user_id' => 8], 'ok', 'broken'), false],
        ];
        $length = $redis->command('XLEN', self::KEY);
        foreach ($fired as [$event]) {
            event($event);
        }

        // All of them are in the stream, appended by php-listener itself (XADD, field m only), in firing order.
        $this->assertSame($length + count($fired), $redis->command('XLEN', self::KEY), 'XLEN grew by one per event');
        $appended = $redis->entriesAfter(self::KEY, $lastId);
        $this->assertCount(count($fired), $appended, 'the stream holds exactly the fired events after '.$lastId);
        foreach ($fired as $i => [$event]) {
            $this->assertSame('m', $appended[$i]['fields'][0], 'appended by XADD … * m <envelope>');
            $this->assertCount(2, $appended[$i]['fields'], 'no o: http, so not through POST /broadcast');
            $envelope = json_decode($appended[$i]['fields'][1], true);
            $this->assertSame($event->type(), $envelope['type'], "entry $i");
            $this->assertEquals($this->plain($event->data()), $envelope['data'], "entry $i");
        }
        $this->assertSame([], array_map(fn (MessageLogged $m) => "$m->level: $m->message", $this->logged),
            'no fallback to POST /broadcast and no warning: the XADD succeeded');
        $this->assertNotNull($suiteBridge['node'] ?? null);
        $this->assertSame($suiteBridge['node'], Services::status()['node'] ?? null, 'the suite\'s bridge kept running, untouched');

        $relevant = array_values(array_filter(array_keys($fired), fn ($i) => $fired[$i][1]));
        $expectedIds = array_map(fn ($i) => $appended[$i]['id'], $relevant);

        // Both nodes back; the user resumes on node 2 (never saw the session), then on node 1.
        $this->startNodes();
        foreach ([2, 1] as $n) {
            $client = $this->connect($n, $lastId);
            $replayed = [];
            while (($frame = $this->nextFrame($client)) !== null && ! str_starts_with((string) ($frame['type'] ?? ''), 'bridge:')) {
                $replayed[] = $frame;
            }
            $this->assertSame('bridge:resumed', $frame['type'] ?? null,
                "node $n: bridge:resumed after the replay, got ".json_encode($frame).'; replayed: '.json_encode($replayed));
            $this->assertSame(count($relevant), $frame['missed'] ?? null, "node $n: missed counts the replayed events");
            $this->assertSame($expectedIds, array_column($replayed, 'id'), "node $n: exactly the relevant events, with their stream ids");
            foreach ($relevant as $k => $i) {
                $this->assertSame($fired[$i][0]->type(), $replayed[$k]['type'], "node $n: event $k in firing order");
                $this->assertEquals($this->plain($fired[$i][0]->data()), $replayed[$k]['data'], "node $n: event $k as published");
            }
            $previous = $lastId;
            foreach ($expectedIds as $id) {
                $this->assertTrue($this->idAfter($id, $previous), "node $n: $id comes after $previous");
                $previous = $id;
            }
            $this->assertNull($client->receiveJson(1.0), "node $n: nothing after bridge:resumed");
            $client->close();
        }
    }

    private function startNodes(): void
    {
        foreach ($this->ports as $n => $port) {
            // Everything else (REDIS_URL, BRIDGE_SECRET, BRIDGE_REDIS_PREFIX, BRIDGE_STREAM, BRIDGE_CHANNELS…) as run.sh set it.
            $this->nodes[$n] = BridgeProcess::start([Services::env('BRIDGE_BIN'), 'serve'], [
                'WEBSOCKET_HOST' => '127.0.0.1',
                'WEBSOCKET_PORT' => (string) $port,
                'BRIDGE_NODE_ID' => (string) (4240 + $n),
            ]);
        }
        foreach ($this->ports as $n => $port) {
            $this->assertTrue(Services::waitFor200("http://127.0.0.1:$port/ready", 20),
                "node $n not ready on $port: ".$this->nodes[$n]->output());
        }
    }

    private function stopNodes(): void
    {
        foreach ($this->nodes as $node) {
            $node->signal(SIGTERM);
        }
        foreach ($this->nodes as $n => $node) {
            $this->assertTrue($node->waitForExit(8), "node $n exits on SIGTERM: ".$node->output());
            $node->stop();
            $this->nodes[$n] = null;
            $this->assertFalse(Services::portOpen($this->ports[$n]), "node $n no longer listens");
        }
    }

    private function connect(int $node, ?string $lastId = null): WebSocketClient
    {
        $token = Jwt::encode(['sub' => self::USER, 'roles' => [], 'iat' => time(), 'exp' => time() + 600], Services::env('BRIDGE_SECRET'));
        $query = 'token='.rawurlencode($token).($lastId === null ? '' : '&last_id='.rawurlencode($lastId));
        $client = $this->clients[] = WebSocketClient::connect("ws://127.0.0.1:{$this->ports[$node]}/ws?$query");
        $welcome = $client->receiveJson(5.0);
        $this->assertSame('bridge:welcome', $welcome['type'] ?? null, "node $node: first frame ".json_encode($welcome)." close={$client->closeCode}");
        $this->assertSame(self::USER, $welcome['user_id']);
        $this->assertStringStartsWith((4240 + $node).'.', $welcome['session_id'], 'the session is on that node');

        return $client;
    }

    private function nextFrame(WebSocketClient $client): ?array
    {
        return $client->receiveJson(5.0);
    }

    /** Stream ids compare by ms, then n. */
    private function idAfter(string $id, string $than): bool
    {
        $this->assertMatchesRegularExpression('/^\d+-\d+$/', $id);
        [$ms, $n] = array_map('intval', explode('-', $id));
        [$thanMs, $thanN] = array_map('intval', explode('-', $than));

        return $ms > $thanMs || ($ms === $thanMs && $n > $thanN);
    }

    private function plain(array $data): array
    {
        return json_decode(json_encode($data), true);
    }
}
