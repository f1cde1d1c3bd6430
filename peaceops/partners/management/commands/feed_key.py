"""`peaceops feed-key [-o FILE]`: print (or write) the public key partners verify feeds with.

Creates the signing key on first use (settings.PEACEOPS_FEED_SIGNING_KEY). Never prints the private key.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from peaceops.partners.signing import key_id, key_path, public_key_pem, signing_key


class Command(BaseCommand):
    help = "Print the feed-signing public key (PEM) to give to partners; creates the key pair on first use."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", metavar="FILE", help="also write the public key PEM to FILE")

    def handle(self, *args, **options):
        public = signing_key().public_key()
        pem = public_key_pem(public)
        if options["output"]:
            Path(options["output"]).write_text(pem)
        self.stdout.write(pem, ending="")
        self.stderr.write(f"Key id {key_id(public)} (private key in {key_path()}).")
