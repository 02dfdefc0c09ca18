package dev.latm.client;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Resolves {@code latm-static:///host1:port1,host2:port2} to all the listed addresses, so a fixed
 * list of devices goes through gRPC's own {@code round_robin} balancer exactly as a DNS name with
 * many records ({@code dns:///latm-headless.ns.svc:50051}) does.
 */
final class StaticAddressResolver extends NameResolverProvider {
    static final String SCHEME = "latm-static";

    private static final StaticAddressResolver INSTANCE = new StaticAddressResolver();

    static {
        NameResolverRegistry.getDefaultRegistry().register(INSTANCE);
    }

    /** The target string for a list of {@code host:port} addresses. */
    static String target(List<String> hostPorts) {
        for (String hostPort : hostPorts) {
            parse(hostPort);
        }
        return SCHEME + ":///" + String.join(",", hostPorts);
    }

    @Override
    public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
        if (!SCHEME.equals(targetUri.getScheme())) {
            return null;
        }
        String list = targetUri.getPath().startsWith("/") ? targetUri.getPath().substring(1) : targetUri.getPath();
        return new NameResolver() {
            @Override
            public String getServiceAuthority() {
                return "latm-fleet";
            }

            @Override
            public void start(Listener2 listener) {
                try {
                    List<EquivalentAddressGroup> groups = new ArrayList<>();
                    for (String hostPort : list.split(",")) {
                        groups.add(new EquivalentAddressGroup(parse(hostPort.strip())));
                    }
                    listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
                } catch (IllegalArgumentException e) {
                    listener.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
                }
            }

            @Override
            public void shutdown() {
                // nothing to release: the list is fixed
            }
        };
    }

    private static SocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
        }
        try {
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + hostPort + "'", e);
        }
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 5;
    }

    @Override
    public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
        return List.of(InetSocketAddress.class);
    }

    /** Loads the class, which registers the scheme. */
    static void register() {
        // the static initialiser did the work
    }
}
