"""An event published to Redis shows a toast to the users it concerns, and only to them."""
import os
import time

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, connected
from events import ticket_created, ticket_status_changed, unknown_for
from services import wait_until


def toasts(driver, type_=None):
    """The toasts a user can read: while one fades in from opacity 0 its visible text is still empty."""
    sel = '.lu-toast' + (f'[data-type="{type_}"]' if type_ else '')
    return [t for t in driver.find_elements(By.CSS_SELECTOR, sel) if t.text]


def test_toast_for_the_requester_not_for_another_user_and_gone_after_5s(redis, open_live):
    requester = open_live(user=7)
    stranger = open_live(user=8)
    connected(requester)
    connected(stranger)

    assert redis.publish(ticket_created(4201, requester=7)) >= 1
    toast = wait_until('the requester\'s toast', lambda: toasts(requester, 'ticket_created'), 5)[0]
    seen = time.monotonic()
    assert 'Новая заявка' in toast.text, toast.text
    assert '#4201' in toast.text and 'Не печатает принтер' in toast.text, toast.text
    assert requester.execute_script('return window.__events.map(e => e.type)') == ['ticket_created']

    time.sleep(3.0)  # the stranger had plenty of time; the requester's toast is still up (< 5 s)
    assert toasts(stranger) == [], 'a user the ticket does not concern got a toast'
    assert stranger.execute_script('return window.__events.length') == 0
    assert toasts(requester, 'ticket_created'), 'toast vanished before 5 s'

    wait_until('the toast to disappear', lambda: not toasts(requester), 3.0)
    assert time.monotonic() - seen < 6.0


def test_toasts_stack_top_right_in_an_aria_live_region(redis, open_live):
    d = open_live(user=7)
    connected(d)
    for i in range(3):
        redis.publish(ticket_status_changed(4300 + i, requester=7, old='open', new='closed'))
    wait_until('three toasts', lambda: len(toasts(d)) == 3, 5)
    box = d.find_element(By.ID, 'live-updates-toasts')
    assert box.get_attribute('aria-live') == 'polite' and box.get_attribute('role') == 'status'
    width = d.execute_script('return window.innerWidth')
    rects = [t.rect for t in toasts(d)]
    assert all(width - (r['x'] + r['width']) <= 40 for r in rects), rects   # right edge
    assert rects[0]['y'] <= 40, rects                                        # top
    assert rects[0]['y'] < rects[1]['y'] < rects[2]['y'], rects              # stacked, not overlapping
    assert 'открыта → закрыта' in toasts(d)[0].text, toasts(d)[0].text
    os.makedirs(ARTIFACTS, exist_ok=True)
    d.save_screenshot(os.path.join(ARTIFACTS, 'toasts.png'))


def test_english_texts_and_a_generic_toast_for_unknown_types(redis, open_live):
    d = open_live(user=7, lang='en')
    connected(d)
    redis.publish(ticket_created(4401, requester=7))
    redis.publish(unknown_for(7, 'invoice_paid'))
    wait_until('two toasts', lambda: len(toasts(d)) == 2, 5)
    assert 'New ticket' in toasts(d, 'ticket_created')[0].text
    generic = toasts(d, 'invoice_paid')[0].text
    assert 'Update' in generic and 'invoice_paid' in generic, generic


def test_every_type_has_its_own_russian_and_english_text(open_live):
    d = open_live(user=1)
    texts = d.execute_script('''
      const types = ['ticket_created','ticket_status_changed','ticket_assigned','ticket_comment_created',
        'user_created','user_status_changed','equipment_status_changed','equipment_location_changed',
        'knowledge_article_created','knowledge_article_updated','system_notification_created'];
      const out = {};
      for (const lang of ['ru', 'en'])
        for (const t of types) out[lang + ':' + t] = LiveUpdates.toastText(t, {}, lang).title;
      out['ru:generic'] = LiveUpdates.toastText('something_else', {}, 'ru').title;
      out['en:generic'] = LiveUpdates.toastText('something_else', {}, 'en').title;
      return out;''')
    for lang in ('ru', 'en'):
        titles = [v for k, v in texts.items() if k.startswith(lang + ':') and not k.endswith('generic')]
        assert len(titles) == 11 and len(set(titles)) == 11, texts
        assert texts[f'{lang}:generic'] not in titles
    assert all(any('а' <= ch <= 'я' for ch in v.lower()) for k, v in texts.items() if k.startswith('ru:')), texts
