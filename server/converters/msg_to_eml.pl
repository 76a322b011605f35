#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# An Outlook message (.msg) as an RFC 822 message on stdout:
#
#     TZ=UTC /usr/bin/perl msg_to_eml.pl MESSAGE.msg > message.eml
#
# Email::Outlook::Message (Debian's libemail-outlook-message-perl) reads the .msg; this is its msgconvert
# with one fix: msgconvert prints header values as Perl strings, so a non-ASCII subject or name comes out
# raw and, once one is outside Latin-1, the whole output is re-encoded and the UTF-8 body turns into
# mojibake. Here those headers are RFC 2047-encoded first, so the output is bytes as MIME means them.
# TZ=UTC: the library prints MAPI times as local time labelled +0000.
# Exit status 0: the message on stdout; 3: not an Outlook message (the reason on stderr).
use strict;
use warnings;
use Email::Outlook::Message;
use OLE::Storage_Lite;

my $file = shift @ARGV or die "usage: msg_to_eml.pl MESSAGE.msg\n";

# A .msg is a compound file whose root holds the MAPI property stream ([MS-OXMSG] 2.1); a .doc is not one.
my $root = OLE::Storage_Lite->new($file)->getPpsTree(0);
my @names = $root ? map { OLE::Storage_Lite::Ucs2Asc($_->{Name}) } @{ $root->{Child} || [] } : ();
unless (grep { $_ eq '__properties_version1.0' } @names) {
  print STDERR "The document is not an Outlook message (.msg)";
  exit 3;
}

local $SIG{__WARN__} = sub { };  # the library warns about every property it skips
my $mail = Email::Outlook::Message->new($file)->to_email_mime;
for my $name (qw(Subject From To Cc)) {
  my $value = $mail->header_raw($name);
  $mail->header_str_set($name => $value) if defined $value;
}
binmode STDOUT, ':raw';
print $mail->as_string;
