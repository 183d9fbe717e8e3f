"""The embedded broker: kombu's filesystem transport, made safe for a worker and beat that
send and take messages at the same time.

kombu's own transport creates a message file and then writes it, and a reader lists the
folder, moves the file out and reads it; a reader that comes between the two reads an empty
file, and the JSON error it raises stops the worker's consumer loop. Here a message is written
under a name no reader takes and renamed into place when complete, and a reader claims a
file by renaming it into a folder beside the queue (a rename succeeds for one reader only,
and stays on one filesystem, where kombu's move to the system's temporary folder may copy).
"""

import logging
import os
import uuid
from pathlib import Path
from queue import Empty
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import bytes_to_str
from kombu.utils.json import dumps, loads
from kombu.utils.objects import cached_property

logger = logging.getLogger(__name__)

PARTIAL = ".partial"


class Channel(filesystem.Channel):
    @cached_property
    def claimed_folder(self) -> Path:
        default = Path(self.data_folder_in).parent / "claimed"
        folder = Path(self.transport_options.get("claimed_folder", default))
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + PARTIAL  # "….msg.partial" is no queue's name: readers pass it by
        try:
            with open(partial, "wb") as f:
                f.write(dumps(payload).encode())
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add a message to {self.data_folder_out!r}: {exc}") from exc

    def _get(self, queue):
        wanted = f"{queue}.msg"
        for name in sorted(os.listdir(self.data_folder_in)):
            if name.partition(".")[2] != wanted:
                continue
            claimed = self.claimed_folder / name
            try:
                os.rename(os.path.join(self.data_folder_in, name), claimed)
            except FileNotFoundError:
                continue  # another reader took it first
            try:
                payload = claimed.read_bytes()
                claimed.unlink()
            except OSError as exc:
                raise ChannelError(f"Cannot read the message {str(claimed)!r}: {exc}") from exc
            try:
                return loads(bytes_to_str(payload))
            except ValueError:
                # Only a file put there by hand (or cut short by a full disk) gets here. The
                # Capture row is the truth and the sweep sends its message again.
                logger.warning("dropped an unreadable message file %s", name)
        raise Empty()


class Transport(filesystem.Transport):
    Channel = Channel
