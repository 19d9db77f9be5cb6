import json, sys
# decode jsonl -> one flat line per fact the agent would send (TCP on VPN ports, IKE, ESP, keepalive)
for n, line in enumerate(sys.stdin):
    d = json.loads(line)
    ts = round(d['ts'] * 1_000_000)
    kind = None
    sport, dport = d.get('sport', 0), d.get('dport', 0)
    if 'tcp' in d:
        if sport not in (443, 60443) and dport not in (443, 60443):
            continue
        kind = 'TCP'
    elif 'ike' in d:
        kind = 'IKE'
    elif 'esp' in d:
        kind = 'ESP'
    elif d.get('natt'):
        kind = 'NATT_KEEPALIVE'
    else:
        continue
    t = d.get('tcp', {}); ike = d.get('ike', {}); esp = d.get('esp', {}); tls = d.get('tls', [])
    hs = [h for r in tls for h in r.get('hs', [])]
    alert = next((r['alert'] for r in tls if 'alert' in r), [0, 0])
    j = lambda xs: ','.join(str(x) for x in xs)
    enc = 1 if ike and ((ike.get('v') == 1 and ike.get('flags', 0) & 1) or 46 in ike.get('payloads', []) or ike.get('np') == 46) else 0
    f = [ts, n, d['src'], d['dst'], sport, dport, kind, 1 if d.get('natt') else 0,
         t.get('flags', 0), t.get('seq', 0), t.get('ack', 0), t.get('len', 0),
         j(r.get('ct', 0) for r in tls), j(r['ver'] for r in tls), j(hs), alert[0], alert[1], 1 if d.get('sslv2') else 0,
         ike.get('v', 0), ike.get('xt', 0), int(ike.get('ispi', '0'), 16), int(ike.get('rspi', '0'), 16), ike.get('flags', 0),
         ike.get('mid', 0), ike.get('len', 0), j(ike.get('payloads', [])), j(ike.get('notify', [])), enc,
         esp.get('spi', 0), esp.get('seq', 0)]
    print('|'.join(str(x) for x in f))
