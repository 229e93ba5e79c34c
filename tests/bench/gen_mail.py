#!/usr/bin/python3
"""tests/bench/gen_mail.py DIR COUNT ADDRESSES - a sent-mail Maildir of COUNT
messages in DIR for scripts/bench: each from pat@example.net to one address
of the file ADDRESSES (one a line, the cards' addresses) or, for every other
message, to an address on no card, with a Cc on no card; realistic headers
(Received, MIME, an encoded-word Subject) and a 1.5 KB body.  Fixed seed:
the same Maildir every time.
"""
import os
import random
import sys

base, count, addresses = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cards = [line.strip() for line in open(addresses, encoding='utf-8') if line.strip()]
rng = random.Random(6)
for sub in ('cur', 'new', 'tmp'):
    os.makedirs(os.path.join(base, sub), exist_ok=True)
body = ('The body of a message the scan never reads. ' * 34) + '\n'
for i in range(count):
    to = rng.choice(cards) if i % 2 == 0 else 'stranger%d@example.com' % rng.randrange(count // 10 + 1)
    day, month, minute = 1 + i % 28, 1 + (i // 28) % 12, i % 60
    name = '17%08d.M%dP%d.bench:2,S' % (i, i, i)
    with open(os.path.join(base, 'cur', name), 'w', encoding='utf-8') as f:
        f.write('Return-Path: <pat@example.net>\n'
                'Received: from localhost (localhost [127.0.0.1])\n\tby mail.example.net with ESMTP id %d\n'
                'From: Pat Example <pat@example.net>\n'
                'To: %s\n'
                'Cc: "Other, Some" <cc%d@example.org>\n'
                'Subject: =?UTF-8?Q?Re=3A_caf=C3=A9_n=C2=B0_%d?=\n'
                'Date: Tue, %d %s 2025 10:%02d:00 +0100\n'
                'Message-ID: <%d.bench@example.net>\n'
                'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n'
                % (i, to, i % 97, i, day, ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep',
                                            'Oct', 'Nov', 'Dec'][month - 1], minute, i))
        f.write(body)
