package io.akshybrid.gateway.privacy;

import java.util.Locale;
import java.util.Set;

/**
 * What a version looks like, so that a version is never taken for an address and a field that holds
 * a version holds nothing else. A version is one to six dot-separated numbers, optionally followed by
 * a suffix of identifiers joined by {@code - + ~ . _} ({@code 10.0.20348.2461},
 * {@code 5.15.153.1-2.cm2}, {@code 4.18.0-513.el8.x86_64}, {@code 1.29.4+k3s1}). Each run of letters
 * in the suffix is a known release or platform label ({@code rc}, {@code azure}, {@code mariner},
 * ...), or at most four letters next to a digit ({@code el8}, {@code azl3}, {@code 5114f85}): so a
 * host or user name ({@code 10.0-alice.contoso.com}) is not a version.
 */
public final class Versions {

    private Versions() {}

    /** The longest version accepted (the identifier bound). */
    public static final int MAX_LENGTH = 128;

    private static final Set<String> LABELS = Set.of(
            // release stages
            "alpha",
            "beta",
            "rc",
            "pre",
            "preview",
            "dev",
            "devel",
            "snapshot",
            "release",
            "final",
            "ga",
            "lts",
            "stable",
            "nightly",
            "canary",
            "insider",
            "hotfix",
            "patch",
            "update",
            "build",
            "exp",
            "sha",
            "git",
            "esr",
            "custom",
            // distributions and kernels flavours
            "mariner",
            "azl",
            "azurelinux",
            "cbl",
            "cm",
            "el",
            "fc",
            "ubuntu",
            "debian",
            "deb",
            "bpo",
            "generic",
            "lowlatency",
            "rt",
            "realtime",
            "cloud",
            "azure",
            "aws",
            "gcp",
            "kvm",
            "virtual",
            "fips",
            "oem",
            "hwe",
            "edge",
            "linux",
            "windows",
            "microsoft",
            "standard",
            "wsl",
            "hci",
            "server",
            "core",
            // architectures
            "amd",
            "arm",
            "aarch",
            "x",
            "noarch");

    /** Whether {@code word} (letters only) is a known release or platform label, in any case. */
    public static boolean isReleaseLabel(String word) {
        return LABELS.contains(word.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code v} is a version and nothing else. */
    public static boolean isVersion(String v) {
        if (v.isEmpty() || v.length() > MAX_LENGTH) {
            return false;
        }
        int suffix = numbers(v);
        if (suffix < 0) {
            return false;
        }
        if (suffix < v.length() && !isSuffix(v, suffix)) {
            return false;
        }
        // A suffix of numbers only could still carry an address or a phone number.
        return suffix == v.length() || PiiScanner.detect(v.substring(suffix)).isEmpty();
    }

    /** Where the numbers ({@code 1} to {@code 1.2.3.4.5.6}, parts of 1-9 digits) end, or -1. */
    private static int numbers(String v) {
        int i = 0;
        for (int part = 0; part < 6; part++) {
            int n = Chars.digitsFrom(v, i, 10);
            if (n < 1 || n > 9) {
                return -1;
            }
            i += n;
            if (part == 5 || Chars.at(v, i) != '.') {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * Identifiers of letters and digits joined by {@code - + ~ . _}, the first after {@code - + ~};
     * each run of letters a release label or at most four letters next to a digit.
     */
    private static boolean isSuffix(String v, int start) {
        char first = v.charAt(start);
        if (first != '-' && first != '+' && first != '~') {
            return false;
        }
        int i = start;
        while (i < v.length()) {
            i++; // the separator
            int identifier = i;
            while (i < v.length() && Chars.isAlnum(v.charAt(i))) {
                int letters = i;
                while (i < v.length() && Chars.isLetter(v.charAt(i))) {
                    i++;
                }
                if (i > letters) {
                    boolean nextToDigit = Chars.isDigit(Chars.before(v, letters)) || Chars.isDigit(Chars.at(v, i));
                    if (!isReleaseLabel(v.substring(letters, i)) && !(nextToDigit && i - letters <= 4)) {
                        return false;
                    }
                }
                while (i < v.length() && Chars.isDigit(v.charAt(i))) {
                    i++;
                }
            }
            if (i == identifier) {
                return false;
            }
            if (i < v.length() && "-+~._".indexOf(v.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
