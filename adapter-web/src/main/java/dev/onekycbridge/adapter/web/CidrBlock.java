package dev.onekycbridge.adapter.web;

/**
 * An IPv4 or IPv6 block in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32}); a bare address is a
 * block of one. An IPv4 block written in IPv4-mapped IPv6 form is treated as the IPv4 block it maps.
 */
record CidrBlock(IpLiteral network, int prefixLength) {
    /**
     * @param setting the configuration name, for the error message
     * @throws IllegalArgumentException when the text is not a block
     */
    static CidrBlock parse(String text, String setting) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(setting + ": an empty CIDR block");
        }
        String value = text.strip();
        int slash = value.indexOf('/');
        String addressText = slash < 0 ? value : value.substring(0, slash);
        IpLiteral address = IpLiteral.parse(addressText);
        if (address == null) {
            throw new IllegalArgumentException(setting + ": '" + value + "' is not an IPv4 or IPv6 CIDR block");
        }
        int prefix = address.bitLength();
        if (slash >= 0) {
            String prefixText = value.substring(slash + 1);
            if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException(setting + ": '" + value + "' has no valid prefix length");
            }
            prefix = Integer.parseInt(prefixText);
            boolean mapped = addressText.indexOf(':') >= 0 && address.bitLength() == 32;
            if (mapped) {
                // ::ffff:192.0.2.0/120 is the IPv4 block 192.0.2.0/24.
                prefix -= 96;
            }
            if (prefix < 0 || prefix > address.bitLength()) {
                throw new IllegalArgumentException(setting + ": '" + value + "' has a prefix length out of range");
            }
        }
        return new CidrBlock(address, prefix);
    }

    boolean contains(IpLiteral address) {
        if (address == null || address.bitLength() != network.bitLength()) {
            return false;
        }
        for (int i = 0; i < prefixLength; i++) {
            if (address.bit(i) != network.bit(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
