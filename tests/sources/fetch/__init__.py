"""The archiver's fetcher against a loopback server, a stub resolver and hostile input.

Only 127.0.0.1 (and refused loopback addresses that a Tripwire proves were never connected
to) is ever used; DNS is the only thing stubbed.
"""
