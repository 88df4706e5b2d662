package dev.gathering.platform.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Decides which addresses outbound requests may connect to. Everything public is allowed; everything internal is
 * refused unless allow-listed (by host name, address or CIDR range, {@code GATHERING_HTTP_ALLOWED_HOSTS}):
 * unspecified, loopback, private (RFC 1918, carrier-grade NAT, IPv6 unique local), link-local (which holds the cloud
 * metadata services, 169.254.169.254 and fd00:ec2::254), multicast, broadcast and reserved ranges. IPv6 forms that
 * embed an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address.
 */
@Component
public class AddressPolicy {

    private record Range(byte[] network, int prefix, String kind) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private static final List<Range> INTERNAL = List.of(
            range("0.0.0.0/8", "unspecified"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "private (carrier-grade NAT)"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.169.254/32", "cloud metadata"),
            range("169.254.0.0/16", "link-local"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "reserved"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "reserved (benchmarking)"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"),
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("fd00:ec2::254/128", "cloud metadata"),
            range("fc00::/7", "private (unique local)"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "private (site-local)"),
            range("ff00::/8", "multicast"));

    private final Set<String> allowedNames = new HashSet<>();
    private final List<Range> allowedRanges = new ArrayList<>();

    public AddressPolicy(HttpProperties properties) {
        for (String entry : properties.allowedHosts()) {
            String value = entry.trim().toLowerCase(Locale.ROOT);
            if (value.isEmpty()) {
                continue;
            }
            if (value.startsWith("[") && value.endsWith("]")) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.contains("/") || isLiteral(value)) {
                allowedRanges.add(range(value.contains("/") ? value : value + (value.contains(":") ? "/128" : "/32"), "allowed"));
            } else {
                allowedNames.add(value);
            }
        }
    }

    /**
     * The addresses of {@code host} that may be connected to: all of them, or an exception naming the first refused
     * one (a host with one internal address among public ones is refused: DNS can rotate which one is used). The
     * refusal is a {@link BlockedAddressException}, an {@link UnknownHostException}, so that connection code treats
     * it as a host that cannot be reached.
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = normalize(host);
        InetAddress[] addresses = InetAddress.getAllByName(name);
        if (allowedNames.contains(name)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            String kind = internalKind(address);
            if (kind != null) {
                String shown = address.getHostAddress();
                throw new BlockedAddressException("Refused to connect to " + (shown.equalsIgnoreCase(name) ? shown : name + " (" + shown + ")")
                                + ": it is a " + kind + " address, internal to the server's network; an administrator can allow it"
                                + " with GATHERING_HTTP_ALLOWED_HOSTS");
            }
        }
        return addresses;
    }

    /** Null when {@code address} may be reached; otherwise the kind of internal address it is. */
    public String internalKind(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range allowed : allowedRanges) {
            if (allowed.contains(bytes)) {
                return null;
            }
        }
        byte[] embedded = embeddedIpv4(address);
        if (embedded != null) {
            for (Range allowed : allowedRanges) {
                if (allowed.contains(embedded)) {
                    return null;
                }
            }
            String kind = kindOf(embedded);
            if (kind != null) {
                return kind;
            }
        }
        if (bytes.length == 4 && (bytes[0] & 0xFF) == 255 && (bytes[1] & 0xFF) == 255 && (bytes[2] & 0xFF) == 255
                && (bytes[3] & 0xFF) == 255) {
            return "broadcast";
        }
        return kindOf(bytes);
    }

    private static String kindOf(byte[] bytes) {
        for (Range range : INTERNAL) {
            if (range.contains(bytes)) {
                return range.kind();
            }
        }
        return null;
    }

    /** The IPv4 address inside IPv4-mapped, -compatible, NAT64 (64:ff9b::/96) and 6to4 (2002::/16) IPv6 addresses. */
    private static byte[] embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] b = address.getAddress();
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        boolean nat64 = (b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B;
        if (mapped || compatible || nat64) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]};
        }
        return null;
    }

    /** A host whose addresses may not be connected to; the message says which and how to allow it. */
    public static final class BlockedAddressException extends UnknownHostException {
        BlockedAddressException(String message) {
            super(message);
        }
    }

    static String normalize(String host) {
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static boolean isLiteral(String value) {
        return value.contains(":") || value.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static Range range(String cidr, String kind) {
        int slash = cidr.indexOf('/');
        String host = cidr.substring(0, slash);
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a CIDR range: " + cidr);
        }
        if (!isLiteral(host)) {
            throw new IllegalArgumentException("Not an IP address: " + host + " (in " + cidr + ")");
        }
        byte[] network;
        try {
            // a literal never causes a lookup
            network = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an IP address: " + host);
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("Prefix out of range in " + cidr);
        }
        return new Range(network, prefix, kind);
    }
}
