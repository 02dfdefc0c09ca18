#!/usr/bin/python3
"""Watches a server's grpc.health.v1 status and prints each change, one line each.

    health_watch.py HOST:PORT

Prints `STATUS SECONDS` (seconds since the watch began) for every status the server streams:
SERVING, NOT_SERVING, ... A load balancer watches the same way, which is how it learns that a
draining server stopped serving before the connection goes away. Exits 0 after NOT_SERVING (and
closes its stream, so it does not hold up the drain), 1 when the stream ends without it.
Needs python3-grpcio only: the two messages are encoded by hand (HealthCheckRequest with the
empty service name is zero bytes; HealthCheckResponse is field 1, a varint enum).
"""
import sys
import time

import grpc

STATUSES = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}


def decode_status(message):
    """The ServingStatus of a HealthCheckResponse (field 1, varint; absent means UNKNOWN)."""
    if not message:
        return 0
    if message[0] != 0x08 or len(message) < 2:
        raise ValueError(f"not a HealthCheckResponse: {message.hex()}")
    return message[1]


def main(argv):
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    start = time.monotonic()
    with grpc.insecure_channel(argv[0]) as channel:
        watch = channel.unary_stream("/grpc.health.v1.Health/Watch",
                                     request_serializer=lambda request: request,
                                     response_deserializer=decode_status)
        stream = watch(b"", wait_for_ready=True)
        try:
            for status in stream:
                print(f"{STATUSES.get(status, status)} {time.monotonic() - start:.3f}", flush=True)
                if status == 2:
                    stream.cancel()
                    return 0
        except grpc.RpcError as error:
            print(f"stream ended: {error.code().name} {time.monotonic() - start:.3f}", flush=True)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
