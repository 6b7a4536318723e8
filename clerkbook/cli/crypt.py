"""``clerkbook encrypt`` and ``clerkbook decrypt``: a notebook to SQLCipher and back."""

from __future__ import annotations

import os

import click

from clerkbook.cli.state import CliState, UserError, can_ask, pass_state, read_passphrase


def _new_passphrase() -> str:
    from clerkbook.store.connect import PASSPHRASE_ENV

    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env is not None:
        if not from_env:
            raise UserError(f"{PASSPHRASE_ENV} is empty: nothing was changed.")
        return from_env
    if not can_ask():
        raise UserError(f"No passphrase: set {PASSPHRASE_ENV} or run clerkbook in a terminal; nothing was changed.")
    first = read_passphrase("New passphrase: ")
    if not first:
        raise UserError("The passphrase is empty: nothing was changed.")
    if read_passphrase("Repeat the passphrase: ") != first:
        raise UserError("The passphrases differ: nothing was changed.")
    return first


@click.command()
@pass_state
def encrypt(state: CliState) -> None:
    """Encrypt the notebook (and its backups) with a passphrase (SQLCipher).

    The passphrase is asked for twice, or read from $CLERKBOOK_PASSPHRASE. It is
    stored nowhere: without it the notebook cannot be opened by anyone, you included.
    """
    from clerkbook.store.encryption import encrypt_notebook
    from clerkbook.store.schema import inspect_file, looks_encrypted

    path = state.path()
    if looks_encrypted(path):
        raise UserError(f"{path} is already encrypted: nothing was changed.")
    if not path.is_file():
        raise UserError(f"{path} does not exist: nothing to encrypt.")
    inspect_file(path)  # a file that is not a notebook is refused before any passphrase is asked for
    passphrase = _new_passphrase()
    converted, removed = encrypt_notebook(path, passphrase)
    click.echo(f"Encrypted {path}" + (f" and {len(converted)} backup(s)" if converted else "") + ".")
    if removed:
        click.echo(f"Removed {len(removed)} plaintext backup(s) that could not be encrypted: "
                   + ", ".join(p.name for p in removed))
    click.echo("Copies made elsewhere (clerkbook backup --out, exports) are not encrypted: delete those yourself.")
    click.echo("Keep the passphrase safe: without it nobody, you included, can open this notebook.")


@click.command()
@pass_state
def decrypt(state: CliState) -> None:
    """Turn an encrypted notebook back into a plain one (its existing backups stay encrypted)."""
    from clerkbook.store.encryption import decrypt_notebook
    from clerkbook.store.schema import looks_encrypted

    path = state.path()
    if not looks_encrypted(path):
        raise UserError(f"{path} is not encrypted: nothing was changed.")
    state.ensure_passphrase()
    still = decrypt_notebook(path, state.passphrase)
    click.echo(f"Decrypted {path}.")
    if still:
        click.echo(f"{len(still)} older backup(s) in {path.parent / 'backups'} stay encrypted with that passphrase.")
