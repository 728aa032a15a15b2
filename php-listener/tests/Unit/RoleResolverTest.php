<?php

namespace Ict\Bridge\Tests\Unit;

use Ict\Bridge\Facades\WebSocket;
use Ict\Bridge\Tokens\AttributeRoleResolver;
use Ict\Bridge\Tokens\Jwt;
use Ict\Bridge\Tests\TestCase;
use Illuminate\Auth\GenericUser;

class RoleResolverTest extends TestCase
{
    public function test_reads_lists_collections_json_and_comma_strings(): void
    {
        $resolver = new AttributeRoleResolver('roles');
        $this->assertSame(['admin', 'technician'], $resolver->rolesFor(new GenericUser(['id' => 1, 'roles' => ['admin', 'technician']])));
        $this->assertSame(['admin'], $resolver->rolesFor(new GenericUser(['id' => 1, 'roles' => collect([['name' => 'admin']])])));
        $this->assertSame(['admin', 'manager'], $resolver->rolesFor(new GenericUser(['id' => 1, 'roles' => '["admin","manager"]'])));
        $this->assertSame(['technician', 'admin'], $resolver->rolesFor(new GenericUser(['id' => 1, 'roles' => 'technician, admin'])));
        $this->assertSame(['technician'], $resolver->rolesFor(new GenericUser(['id' => 1, 'role' => 'technician'])));
        $this->assertSame([], $resolver->rolesFor(new GenericUser(['id' => 1])));
    }

    public function test_an_app_callback_decides_the_roles_in_the_token(): void
    {
        config(['websocket.secret' => str_repeat('s', 32)]);
        WebSocket::resolveRolesUsing(fn ($user) => $user->id === 1 ? ['admin'] : []);

        $issued = WebSocket::tokenFor(new GenericUser(['id' => 1, 'name' => 'Ann']));
        $claims = Jwt::decode($issued['token'], str_repeat('s', 32));

        $this->assertSame(['sub' => '1', 'roles' => ['admin'], 'name' => 'Ann'], array_intersect_key($claims, array_flip(['sub', 'roles', 'name'])));
        $this->assertSame($claims['exp'], strtotime($issued['expires_at']));
        $this->assertEqualsWithDelta(time() + 3600, $claims['exp'], 5);
        $this->assertEqualsWithDelta(time(), $claims['iat'], 5);
    }
}
