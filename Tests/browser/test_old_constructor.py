"""The constructor call of the original guide keeps working unchanged."""
from selenium.webdriver.common.by import By

from conftest import connected
from events import ticket_created
from services import wait_until


def test_old_constructor_form_connects_toasts_and_refreshes(redis, pages, browsers):
    d = browsers()
    d.get(pages.url('old.html'))
    connected(d)  # websocketUrl is the old bare ws://host:port; the token comes from <meta name="bridge-token-url">
    redis.publish(ticket_created(6001, requester=9))
    toast = wait_until('a rendered toast', lambda: [t for t in d.find_elements(By.CSS_SELECTOR, '.lu-toast') if t.text], 5)[0]
    assert 'Новая заявка' in toast.text, toast.text
    wait_until('onSuccess', lambda: d.execute_script('return window.__refreshed.length') == 1, 5)
    assert d.execute_script('return window.__refreshed[0].tickets[0].id') == 42
    assert pages.headers_of('/api/data')[0].get('x-csrf-token') == 'csrf-old-form'
    assert pages.headers_of('/token'), 'the token was not fetched from the meta tokenUrl'


def test_layout_client_and_page_client_share_one_connection(redis, pages, browsers):
    """The layout's @liveUpdates client and the page's own old-form client: one socket, one toast,
    and the page's onSuccess still gets its refetched data."""
    d = browsers()
    d.get(pages.url('layout.html'))
    wait_until('the layout client connected', lambda: d.execute_script(
        'return window.liveUpdates.transport === "websocket" && liveUpdates.transport === "websocket"'), 15)
    redis.publish(ticket_created(6101, requester=9))
    wait_until('onSuccess of the page client', lambda: d.execute_script('return window.__refreshed.length') == 1, 5)
    assert d.execute_script('return window.__messages') == ['ticket_created']
    assert len(d.find_elements(By.CSS_SELECTOR, '.lu-toast')) == 1
    assert d.execute_script('return window.__sockets') == 1
    assert d.execute_script('return liveUpdates.sessionId === window.liveUpdates.sessionId')
