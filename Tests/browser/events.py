"""Listener envelopes (docs/protocol.md#ingest-envelopes, docs/protocol.md#who-receives-what) the tests publish."""


def ticket_created(ticket_id, requester, assignee=None, title='Не печатает принтер'):
    return {'type': 'ticket_created',
            'data': {'ticket': {'id': ticket_id, 'title': title, 'status': 'open',
                                'requester_id': requester, 'assignee_id': assignee}}}


def ticket_status_changed(ticket_id, requester, old='open', new='in_progress'):
    return {'type': 'ticket_status_changed',
            'data': {'ticket': {'id': ticket_id, 'title': 'Сеть', 'requester_id': requester},
                     'old_status': old, 'new_status': new}}


def knowledge_article_created(article_id, title='Как подключить VPN'):
    return {'type': 'knowledge_article_created',
            'data': {'article': {'id': article_id, 'title': title, 'is_published': True}}}


def unknown_for(user, type_='invoice_paid'):
    return {'type': type_, 'data': {'invoice': {'id': 1}}, 'audience': {'users': [user]}}
