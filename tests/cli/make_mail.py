#!/usr/bin/python3
"""tests/cli/make_mail.py DIR - writes the invented mail `tests/cli/scan.sh`
scans: a Maildir++ (DIR/mail, with a .Sent subfolder and a .Archive one
holding a copy of a message already in the root), the same messages as an
mbox (DIR/sent.mbox), and single messages for standard input.

Every trait the scanner must handle appears once: encoded-word subjects in
UTF-8, ISO-8859-1 and Shift_JIS, B and Q; folded headers; address groups;
display names with commas and comments; Bcc; Resent-To; a bad Date and a
missing one; a 30-message thread on one day; a message received from a
card; a Message-ID present in two folders.  People and domains are made up
(example.* only).
"""
import base64
import os
import sys

out = sys.argv[1]
ME = 'Pat Example <pat@example.net>'


def b_word(text, charset):
    return '=?%s?B?%s?=' % (charset, base64.b64encode(text.encode(charset)).decode())


def q_word(text, charset):
    raw = text.encode(charset)
    body = ''.join(chr(c) if (chr(c).isalnum() and c < 128) else '=%02X' % c for c in raw)
    return '=?%s?Q?%s?=' % (charset, body.replace('=20', '_'))


messages = []  # (folder, name, text)


def msg(folder, name, headers, body='Hello.\n'):
    messages.append((folder, name, '\n'.join(headers) + '\n\n' + body))


# 1. UTF-8, B encoding; a display name with a comma (quoted).
msg('', '1760000001.M1.host', [
    'From: ' + ME,
    'To: "Lovelace, Ada" <ada@example.org>',
    'Subject: ' + b_word('Café et crème ☕', 'utf-8'),
    'Date: Tue, 14 Oct 2026 09:00:00 +0200',
    'Message-ID: <m1@example.net>'])
# 2. ISO-8859-1, Q encoding, folded over two lines; a group; a comment.
msg('', '1760000002.M2.host', [
    'From: ' + ME,
    'To: engines: grace@example.com (Grace, the admiral),',
    '   Charles Babbage <CHARLES@Example.COM>;',
    'Subject: ' + q_word('Réunion à Zürich', 'iso-8859-1'),
    '  ' + q_word(' demain', 'iso-8859-1'),
    'Date: Wed, 15 Oct 2026 18:30:00 +0000',
    'Message-ID: <m2@example.net>'])
# 3. Shift_JIS, B encoding; Bcc only.
msg('', '1760000003.M3.host', [
    'From: ' + ME,
    'To: undisclosed-recipients:;',
    'Bcc: Yuki Tanaka <yuki@example.jp>',
    'Subject: ' + b_word('お元気ですか', 'shift_jis'),
    'Date: Thu, 16 Oct 2026 08:00:00 +0900',
    'Message-ID: <m3@example.net>'])
# 4. A bad Date and 5. none: reported, skipped.
msg('', '1760000004.M4.host', [
    'From: ' + ME, 'To: ada@example.org', 'Subject: bad date', 'Date: someday soon',
    'Message-ID: <m4@example.net>'])
msg('', '1760000005.M5.host', [
    'From: ' + ME, 'To: ada@example.org', 'Subject: no date', 'Message-ID: <m5@example.net>'])
# 6. Received from a card (counts with --received only).
msg('', '1760000006.M6.host', [
    'From: Grace <grace@example.com>', 'To: ' + ME, 'Subject: Re: Reunion',
    'Date: Mon, 20 Oct 2026 07:00:00 -0500', 'Message-ID: <m6@example.net>'])
# 7. Resent to a card by the user.
msg('', '1760000007.M7.host', [
    'From: Someone Else <else@example.biz>', 'To: ' + ME, 'Subject: the plans',
    'Date: Tue, 21 Oct 2026 10:00:00 +0000', 'Message-ID: <m7@example.net>',
    'Resent-From: ' + ME, 'Resent-To: Charles <charles@example.com>',
    'Resent-Date: Wed, 22 Oct 2026 10:00:00 +0000'])
# 8. A thread of 30 on one day, in the Sent subfolder.
for i in range(30):
    subject = 'lunch?' if i == 0 else 'Re: lunch?'
    msg('.Sent', '1761000%03d.T%d.host' % (i, i), [
        'From: ' + ME, 'To: Ada <ada@example.org>', 'Subject: ' + subject,
        'Date: Mon, 3 Nov 2026 %02d:%02d:00 +0000' % (8 + i // 60, i % 60),
        'Message-ID: <t%d@example.net>' % i])
# 9. A copy of message 1 in another folder: counted once.
msg('.Archive', '1769999999.C1.otherhost', [
    'From: ' + ME,
    'To: "Lovelace, Ada" <ada@example.org>',
    'Subject: ' + b_word('Café et crème ☕', 'utf-8'),
    'Date: Tue, 14 Oct 2026 09:00:00 +0200',
    'Message-ID: <m1@example.net>'])

for folder, name, text in messages:
    base = os.path.join(out, 'mail', folder)
    for sub in ('cur', 'new', 'tmp'):
        os.makedirs(os.path.join(base, sub), exist_ok=True)
    with open(os.path.join(base, 'cur', name + ':2,S'), 'w', encoding='utf-8') as f:
        f.write(text)

# The same messages as an mbox (the copy of 1 left out).
with open(os.path.join(out, 'sent.mbox'), 'w', encoding='utf-8') as f:
    for folder, name, text in messages:
        if folder != '.Archive':
            f.write('From pat@example.net Mon Nov  3 08:00:00 2026\n' + text + '\n')
