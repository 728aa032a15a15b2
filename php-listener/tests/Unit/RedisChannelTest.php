<?php

namespace Ict\Bridge\Tests\Unit;

use Ict\Bridge\Publishing\RedisPublisher;
use PHPUnit\Framework\TestCase;

class RedisChannelTest extends TestCase
{
    public function test_events_go_to_the_first_entry_that_is_not_a_pattern(): void
    {
        $this->assertSame('ict.events', RedisPublisher::channel('ict.events'));
        $this->assertSame('ict.events', RedisPublisher::channel(' private-App.Models.User.*, ict.events ,x'));
        $this->assertSame('helpdesk', RedisPublisher::channel('helpdesk,ict.events'));
        $this->assertSame('ict.events', RedisPublisher::channel('*'));
    }
}
