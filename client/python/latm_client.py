#!/usr/bin/python3
"""A Python client for a latm device server, and an example MnasNet-style search controller.

Library:
    with LatmClient("localhost:50051") as latm:
        response = latm.measure({"stem": {...}, "stages": [...]}, resolution=224)
        print(response.lat_ms)          # LAT(m): anchored normalized_ms (the median without a reference)

Architectures and options are plain dicts in the protobuf JSON mapping of
latm.v1.Architecture / latm.v1.MeasurementOptions (field names as in the .proto, enum values as
their names), so a controller needs no generated code.

Stubs: none are generated or committed. The client asks the server for the contract over gRPC
server reflection (grpc.reflection.v1, which every latm server serves) and builds the message
classes from those descriptors with the installed protobuf runtime. Debian's python3-grpc-tools
bundles protoc 3.5.1, which rejects the contract's proto3 `optional` fields, and Debian ships no
google/rpc/status.proto; reflection needs nothing but python3-grpcio (see README.md).

Example controller (run with --help): random search over a MobileNetV3-Large skeleton, one
Measure call per candidate, reward R(m) = ACC(m) * (LAT(m) / T)^w. ACC here is a PROXY computed
from MACs, not a trained accuracy.
"""

import argparse
import math
import random
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

SERVICE = "latm.v1.LatencyService"
REFLECTION_METHOD = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"

# Exit codes shared with the Java CLI: bad input, server refused, server unreachable.
EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_REFUSED, EXIT_UNREACHABLE = 1, 2, 3, 4


# ---------------------------------------------------------------------------------------------
# The contract, fetched over server reflection
# ---------------------------------------------------------------------------------------------

def _message_class(pool, full_name):
    """The generated-style class of a message type (API differs across protobuf releases)."""
    descriptor = pool.FindMessageTypeByName(full_name)
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)


def _reflection_protocol():
    """The part of grpc/reflection/v1/reflection.proto the client speaks, as descriptors.

    A subset of the real messages with the real field numbers, so it is wire-compatible; built
    here because the reflection protocol is the one contract the client cannot fetch by reflection.
    """
    optional = descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL
    repeated = descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED
    string = descriptor_pb2.FieldDescriptorProto.TYPE_STRING
    int32 = descriptor_pb2.FieldDescriptorProto.TYPE_INT32
    raw = descriptor_pb2.FieldDescriptorProto.TYPE_BYTES
    nested = descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE
    package = "grpc.reflection.v1"
    file = descriptor_pb2.FileDescriptorProto(name="latm_client/reflection_subset.proto", package=package,
                                              syntax="proto3")

    def message(name, fields, oneof=None):
        proto = file.message_type.add(name=name)
        if oneof:
            proto.oneof_decl.add(name=oneof)
        for field_name, number, label, kind, type_name, in_oneof in fields:
            field = proto.field.add(name=field_name, number=number, label=label, type=kind)
            if type_name:
                field.type_name = "." + package + "." + type_name
            if in_oneof:
                field.oneof_index = 0

    message("ServerReflectionRequest", [
        ("host", 1, optional, string, None, False),
        ("file_by_filename", 3, optional, string, None, True),
        ("file_containing_symbol", 4, optional, string, None, True)], oneof="message_request")
    message("FileDescriptorResponse", [("file_descriptor_proto", 1, repeated, raw, None, False)])
    message("ErrorResponse", [
        ("error_code", 1, optional, int32, None, False),
        ("error_message", 2, optional, string, None, False)])
    message("ServerReflectionResponse", [
        ("file_descriptor_response", 4, optional, nested, "FileDescriptorResponse", True),
        ("error_response", 7, optional, nested, "ErrorResponse", True)], oneof="message_response")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return (_message_class(pool, package + ".ServerReflectionRequest"),
            _message_class(pool, package + ".ServerReflectionResponse"))


class Contract:
    """latm.v1's message classes, built from the server's own descriptors.

    Attributes are the message names: contract.Architecture, contract.MeasureRequest, ...
    """

    def __init__(self, channel, metadata, timeout):
        request_class, response_class = _reflection_protocol()
        info = channel.stream_stream(REFLECTION_METHOD, request_serializer=request_class.SerializeToString,
                                     response_deserializer=response_class.FromString)

        def ask(**query):
            response = next(iter(info(iter([request_class(**query)]), metadata=metadata, timeout=timeout)))
            if response.WhichOneof("message_response") != "file_descriptor_response":
                raise LookupError("server reflection cannot describe %s: %s"
                                  % (query, response.error_response.error_message))
            return [descriptor_pb2.FileDescriptorProto.FromString(raw)
                    for raw in response.file_descriptor_response.file_descriptor_proto]

        # The server answers with the file and (usually) its imports; ask for any it left out.
        files = {proto.name: proto for proto in ask(file_containing_symbol=SERVICE)}
        missing = self._missing(files)
        while missing:
            for proto in ask(file_by_filename=missing[0]):
                files.setdefault(proto.name, proto)
            missing = self._missing(files)
        self.pool = descriptor_pool.DescriptorPool()
        added = set()

        def add(name):  # imports first: a pool accepts a file only once its imports are in
            if name not in added:
                for dependency in files[name].dependency:
                    add(dependency)
                self.pool.Add(files[name])
                added.add(name)

        for name in sorted(files):
            add(name)
        package = self.pool.FindServiceByName(SERVICE).file.package
        for proto in files.values():
            if proto.package == package:
                for message in proto.message_type:
                    setattr(self, message.name, _message_class(self.pool, package + "." + message.name))

    @staticmethod
    def _missing(files):
        return sorted({dependency for proto in files.values() for dependency in proto.dependency} - set(files))


# ---------------------------------------------------------------------------------------------
# The client
# ---------------------------------------------------------------------------------------------

class LatmClient:
    """A connection to one latm server. Close it (or use `with`) to release the channel."""

    def __init__(self, target, token=None, ca_file=None, timeout=600.0):
        """target: HOST:PORT. token: bearer token if the server requires one. ca_file: PEM root
        to trust for TLS (plaintext when None). timeout: deadline of each call in seconds."""
        if ca_file is None:
            self.channel = grpc.insecure_channel(target)
        else:
            with open(ca_file, "rb") as pem:
                credentials = grpc.ssl_channel_credentials(root_certificates=pem.read())
            self.channel = grpc.secure_channel(target, credentials)
        self.metadata = (("authorization", "Bearer " + token),) if token else ()
        self.timeout = timeout
        try:
            self.contract = Contract(self.channel, self.metadata, timeout)
        except BaseException:
            self.channel.close()
            raise

    def _unary(self, method, request, response_name):
        call = self.channel.unary_unary("/%s/%s" % (SERVICE, method),
                                        request_serializer=type(request).SerializeToString,
                                        response_deserializer=getattr(self.contract, response_name).FromString)
        return call(request, metadata=self.metadata, timeout=self.timeout)

    def architecture(self, spec):
        """A latm.v1.Architecture from a dict in the protobuf JSON mapping (or the message itself)."""
        if isinstance(spec, dict):
            return json_format.ParseDict(spec, self.contract.Architecture())
        return spec

    def measure(self, architecture, **options):
        """Measure: LAT(m) and its statistics. options: MeasurementOptions fields, e.g. resolution=64."""
        request = self.contract.MeasureRequest(
            architecture=self.architecture(architecture),
            options=json_format.ParseDict(options, self.contract.MeasurementOptions()))
        return self._unary("Measure", request, "MeasureResponse")

    def analyze(self, architecture, resolution=0, batch=0):
        """Analyze: validation and static cost, never queued."""
        request = self.contract.AnalyzeRequest(architecture=self.architecture(architecture),
                                               resolution=resolution, batch=batch)
        return self._unary("Analyze", request, "AnalyzeResponse")

    def device_info(self):
        """GetDeviceInfo: hardware, runtime, engines, limits and defaults."""
        return self._unary("GetDeviceInfo", self.contract.GetDeviceInfoRequest(), "DeviceInfo")

    def close(self):
        self.channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ---------------------------------------------------------------------------------------------
# The example controller: search space, proxy accuracy, reward
# ---------------------------------------------------------------------------------------------

# MobileNetV3-Large grouped into the stages of MnasNet's factorized space: (out_channels, stride,
# repeats). The first stage is V3's expansion-free 3x3 block and is not searched.
MOBILENET_V3_STAGES = [(24, 2, 2), (40, 2, 3), (80, 2, 4), (112, 1, 2), (160, 2, 3)]
KERNELS = (3, 5)
EXPAND_RATIOS = (3, 4, 6)
ACTIVATIONS = ("RELU", "HARD_SWISH")
SHORT_ACTIVATION = {"RELU": "re", "HARD_SWISH": "hs"}


def sample_mobilenet_v3(rng, name):
    """One candidate: per stage a kernel, expansion ratio, SE on/off and activation."""
    stages = [{"repeats": 1, "block": {"op": "INVERTED_BOTTLENECK", "kernel_size": 3, "stride": 1,
                                       "out_channels": 16, "expand_ratio": 1, "skip": "IDENTITY",
                                       "activation": "RELU"}}]
    for out_channels, stride, repeats in MOBILENET_V3_STAGES:
        block = {"op": "INVERTED_BOTTLENECK", "kernel_size": rng.choice(KERNELS), "stride": stride,
                 "out_channels": out_channels, "expand_ratio": rng.choice(EXPAND_RATIOS), "skip": "IDENTITY",
                 "activation": rng.choice(ACTIVATIONS)}
        if rng.random() < 0.5:
            # MobileNetV3's SE: a quarter of the expanded channels, hard-sigmoid gate (the defaults).
            block["se"] = {"ratio": 0.25}
        stages.append({"repeats": repeats, "block": block})
    return {"name": name, "input": {"resolution": 224},
            "stem": {"out_channels": 16, "kernel_size": 3, "stride": 2, "activation": "HARD_SWISH"},
            "stages": stages,
            "head": {"conv_channels": 960, "conv_activation": "HARD_SWISH", "hidden_channels": 1280,
                     "hidden_activation": "HARD_SWISH"}}


def describe(architecture):
    """Compact per-stage summary, e.g. k5e6se-hs (kernel, expansion, SE, activation)."""
    parts = []
    for stage in architecture["stages"][1:]:
        block = stage["block"]
        parts.append("k%de%g%s-%s" % (block["kernel_size"], block["expand_ratio"], "se" if "se" in block else "",
                                      SHORT_ACTIVATION[block["activation"]]))
    return " ".join(parts)


# PROXY accuracy: the line through (ln MMACs, ImageNet top-1) of torchvision's MobileNetV3-Small
# (56.5M MACs, 67.7%) and -Large (216.6M, 74.0%) at 224, IMAGENET1K_V1 weights. It only grows with
# compute, so it says nothing about which design is better at equal MACs: a real controller trains
# or estimates ACC(m).
PROXY_ACC_SLOPE = (0.740 - 0.677) / math.log(216.6 / 56.5)
PROXY_ACC_LABEL = ("ACC is a PROXY, not a real accuracy: %.3f + %.4f * ln(MACs / 216.6M), a line through "
                   "MobileNetV3-Small/-Large top-1 vs MACs; it rises with compute only" % (0.740, PROXY_ACC_SLOPE))


def proxy_accuracy(macs):
    """A monotone function of log MACs standing in for ACC(m); clamped to [0, 1]."""
    return min(1.0, max(0.0, 0.740 + PROXY_ACC_SLOPE * math.log(macs / 216.6e6)))


def mnas_reward(accuracy, latency_ms, target_ms, alpha=-0.07, beta=-0.07):
    """MnasNet's R(m) = ACC(m) * [LAT(m) / T]^w, w = alpha if LAT(m) <= T else beta."""
    exponent = alpha if latency_ms <= target_ms else beta
    return accuracy * (latency_ms / target_ms) ** exponent


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Example latm search controller: random MobileNetV3-like candidates, one Measure each, "
                    "MnasNet reward with a PROXY accuracy. --info prints the device instead.")
    parser.add_argument("--target", default="localhost:50051", help="latm server HOST:PORT (default %(default)s)")
    parser.add_argument("--token-file", help="file holding the bearer token, if the server requires one")
    parser.add_argument("--ca", help="PEM file of the CA to trust: connect with TLS (default plaintext)")
    parser.add_argument("--timeout", type=float, default=600, help="deadline of each call in seconds")
    parser.add_argument("--info", action="store_true", help="print GetDeviceInfo (JSON) and exit")
    search = parser.add_argument_group("search")
    search.add_argument("--trials", type=int, default=5, help="candidates to sample (default %(default)s)")
    search.add_argument("--seed", type=int, default=1, help="seed of the random search (default %(default)s)")
    search.add_argument("--target-ms", type=float, default=10.0,
                        help="latency target T in ms (default %(default)s)")
    search.add_argument("--alpha", type=float, default=-0.07, help="exponent when LAT <= T (default %(default)s)")
    search.add_argument("--beta", type=float, default=-0.07, help="exponent when LAT > T (default %(default)s)")
    measure = parser.add_argument_group("measurement (0 = the server's default)")
    measure.add_argument("--resolution", type=int, default=224, help="input resolution (default %(default)s)")
    measure.add_argument("--engine", default="", help="onnxruntime or java")
    measure.add_argument("--threads", type=int, default=0)
    measure.add_argument("--precision", type=float, default=0)
    measure.add_argument("--min-runs", type=int, default=0)
    measure.add_argument("--max-runs", type=int, default=0)
    measure.add_argument("--max-seconds", type=float, default=0)
    measure.add_argument("--warmup-runs", type=int, default=0)
    measure.add_argument("--warmup-seconds", type=float, default=0)
    measure.add_argument("--warmup-budget-seconds", type=float, default=None,
                         help="longest steady-state warm-up; 0 = the minimums only")
    measure.add_argument("--reference", default="", help="reference network (a preset), or none to time alone")
    measure.add_argument("--force", action="store_true", help="measure again even if the server has a result")
    args = parser.parse_args(argv)
    if args.trials < 1:
        parser.error("--trials must be >= 1 (got %d)" % args.trials)
    if not args.target_ms > 0:
        parser.error("--target-ms must be > 0 (got %g)" % args.target_ms)
    return args


def measurement_options(args):
    options = {"engine": args.engine, "threads": args.threads, "resolution": args.resolution,
               "precision": args.precision, "min_runs": args.min_runs, "max_runs": args.max_runs,
               "max_seconds": args.max_seconds, "warmup_runs": args.warmup_runs,
               "warmup_seconds": args.warmup_seconds, "force": args.force, "reference": args.reference}
    chosen = {key: value for key, value in options.items() if value}
    if args.warmup_budget_seconds is not None:  # 0 is a choice here (the minimums only), not "unset"
        chosen["warmup_budget_seconds"] = args.warmup_budget_seconds
    return chosen


def search(latm, args, out):
    rng = random.Random(args.seed)
    options = measurement_options(args)
    print("latm Python client -> %s; reward R(m) = ACC(m) * (LAT(m) / %g ms)^w, w = %g if LAT <= T else %g"
          % (args.target, args.target_ms, args.alpha, args.beta), file=out)
    print("NOTE: " + PROXY_ACC_LABEL, file=out)
    best = None
    for trial in range(1, args.trials + 1):
        architecture = sample_mobilenet_v3(rng, "py_random_%d_%d" % (args.seed, trial))
        response = latm.measure(architecture, **options)
        latency = response.latency
        # LAT(m): lat_ms, the anchored normalized_ms; the median for a result stored before it existed
        lat = response.lat_ms or latency.median_ms
        accuracy = proxy_accuracy(response.cost.macs)
        reward = mnas_reward(accuracy, lat, args.target_ms, args.alpha, args.beta)
        print("trial %d/%d  LAT %.4f ms  raw median %.4f ms  runs %d  MACs %.1fM  PROXY-ACC %.4f  reward %.4f  %s%s"
              % (trial, args.trials, lat, latency.median_ms, latency.runs,
                 response.cost.macs / 1e6, accuracy, reward, describe(architecture),
                 "  (from store)" if response.from_store else ""), file=out)
        if best is None or reward > best[0]:
            best = (reward, trial, lat, accuracy, describe(architecture))
    reward, trial, latency_ms, accuracy, summary = best
    print("best: trial %d  reward %.4f  LAT %.4f ms  PROXY-ACC %.4f  %s"
          % (trial, reward, latency_ms, accuracy, summary), file=out)
    print("engine %s %s on device %s, resolution %d" % (response.engine, response.engine_version,
                                                        response.device_id, response.options.resolution), file=out)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    token = None
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as handle:
            token = handle.read().strip()
    try:
        with LatmClient(args.target, token=token, ca_file=args.ca, timeout=args.timeout) as latm:
            if args.info:
                print(json_format.MessageToJson(latm.device_info(), preserving_proto_field_name=True))
            else:
                search(latm, args, sys.stdout)
        return 0
    except grpc.RpcError as error:
        code = error.code()
        print("latm: %s: %s" % (code.name, error.details()), file=sys.stderr)
        if code == grpc.StatusCode.UNAVAILABLE:
            print("latm: is a server running at %s? (./latm server --port N)" % args.target, file=sys.stderr)
            return EXIT_UNREACHABLE
        return EXIT_REFUSED
    except LookupError as error:
        print("latm: %s" % error, file=sys.stderr)
        return EXIT_REFUSED
    except (json_format.ParseError, OSError) as error:
        print("latm: %s" % error, file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
