#!/usr/bin/env python3
"""Writes the CONSTRUCTED (not recorded) load exchanges of this folder; see README.md.

Requests: what Python's xmlrpc.client sends (xmlrpc.client.dumps, as for the recorded ones).
Responses: the values a real Odoo 16 answers according to the engineering notes and to Odoo 16's source (models.py
load/_convert_records, ir_fields.py db_id_for), marshalled by xmlrpc.client.dumps(methodresponse=True), which is what
Odoo 16's XML-RPC controller calls (same envelope as the recorded answers). Run from any folder: python3 <this file>.
"""
import os
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
DB, UID, SECRET = 'testdb', 2, 'admin'
FIELDS = ['id', 'name', 'email', 'ref', 'is_company', 'country_id/.id', 'category_id/.id', 'active', 'company_id/.id']
CONTEXT = {'context': {'tracking_disable': True}}
FR, BE = '75', '20'  # res.country ids of a stock database


def possible_values(comodel):
    # ir_fields.py db_id_for (Odoo 16): the action of a failed lookup by database or external id.
    return {
        'name': 'Possible Values',
        'type': 'ir.actions.act_window', 'target': 'new',
        'view_mode': 'tree,form',
        'views': [(False, 'list'), (False, 'form')],
        'context': {'create': False},
        'help': 'See all possible values',
        'res_model': 'ir.model.data',
        'domain': [('model', '=', comodel)],
    }


EXCHANGES = [
    ('01-partner-load-create-3',
     'execute_kw res.partner load: 3 new external ids (module coop_ledger) create 3 partners and their ir.model.data rows; kwargs context tracking_disable',
     ('res.partner', 'load', [FIELDS, [
         ['coop_ledger.member_0001', 'Transcript Load Anna', 'load.anna@example.org', 'M-0001', 'False', FR, '1,2', 'True', '1'],
         ['coop_ledger.member_0002', 'Transcript Load Bakery', 'load.bakery@example.org', 'M-0002', 'True', BE, '1', 'True', '1'],
         ['coop_ledger.member_0003', 'Transcript Load Bruno', 'load.bruno@example.org', 'M-0003', 'False', FR, '', 'True', '1'],
     ]], CONTEXT),
     {'ids': [29001, 29002, 29003], 'messages': [], 'nextrow': 0}),
    ('02-partner-load-update-in-place',
     'the same 3 external ids with changed values (email, tags replaced, an archive): the same ids, updated in place',
     ('res.partner', 'load', [FIELDS, [
         ['coop_ledger.member_0001', 'Transcript Load Anna', 'anna.new@example.org', 'M-0001', 'False', FR, '3', 'True', '1'],
         ['coop_ledger.member_0002', 'Transcript Load Bakery', 'load.bakery@example.org', 'M-0002', 'True', BE, '2,3', 'True', '1'],
         ['coop_ledger.member_0003', 'Transcript Load Bruno', '', 'M-0003', 'False', FR, '', 'False', '1'],
     ]], CONTEXT),
     {'ids': [29001, 29002, 29003], 'messages': [], 'nextrow': 0}),
    ('03-partner-load-bad-row',
     'one row (record 1) names a country id that does not exist: ids false, nothing written, one message naming the row and the field',
     ('res.partner', 'load', [FIELDS, [
         ['coop_ledger.member_0004', 'Transcript Load Carla', 'load.carla@example.org', 'M-0004', 'False', FR, '', 'True', '1'],
         ['coop_ledger.member_0005', 'Transcript Load Dirk', 'load.dirk@example.org', 'M-0005', 'False', '999', '', 'True', '1'],
         ['coop_ledger.member_0006', 'Transcript Load Emma', 'load.emma@example.org', 'M-0006', 'False', BE, '', 'True', '1'],
     ]], CONTEXT),
     {'ids': False, 'messages': [{
         'rows': {'from': 1, 'to': 1}, 'type': 'error', 'record': 1, 'field': 'country_id',
         'message': "No matching record found for database id '999' in field 'Country'",
         'moreinfo': possible_values('res.country'), 'field_name': 'Country',
     }], 'nextrow': 0}),
    ('04-partner-check-access-rights',
     "execute_kw res.partner check_access_rights('create', raise_exception=False): true for a user with the right",
     ('res.partner', 'check_access_rights', ['create'], {'raise_exception': False}),
     True),
]


def write(number_name, shows, call, answer):
    model, method, args, kwargs = call
    request = xmlrpc.client.dumps((DB, UID, SECRET, model, method, args, kwargs), methodname='execute_kw').encode('utf-8')
    response = xmlrpc.client.dumps((answer,), methodresponse=True).encode('utf-8')
    number, name = number_name.split('-', 1)
    header = (
        '<!--\n'
        f'  Exchange {number}: {name}\n'
        '  Endpoint: POST /xmlrpc/2/object (request Content-Type: text/xml)\n'
        f'  Shows: {shows}\n'
        '  CONSTRUCTED, NOT RECORDED: see README.md in this folder; check against a real Odoo 16 when one is available.\n'
        '  HTTP status: HTTP/1.1 200 OK\n'
        '  Content-Type: text/xml; charset=utf-8\n'
        f'  Response headers: Server: Werkzeug/2.2.2 Python/3.11.2; Content-Type: text/xml; charset=utf-8; Content-Length: {len(response)}; Connection: close\n'
        '-->\n'
    ).encode('utf-8')
    def body(label, data):
        return f'<!-- {label} BODY: the next {len(data)} bytes -->\n'.encode('utf-8') + data + (b'' if data.endswith(b'\n') else b'\n')
    with open(os.path.join(HERE, f'{number_name}.xml'), 'wb') as f:
        f.write(header + body('REQUEST', request) + body('RESPONSE', response))


for exchange in EXCHANGES:
    write(*exchange)
