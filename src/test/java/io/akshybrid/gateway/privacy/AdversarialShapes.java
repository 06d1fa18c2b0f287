package io.akshybrid.gateway.privacy;

import java.util.stream.Stream;

/**
 * Text shaped to cost each personal-data detector the most, at the largest size a field accepts
 * (a 64 KiB stack trace): near-misses at every position, findings at every position, candidates that
 * run to the end of the text.
 */
public final class AdversarialShapes {

    private AdversarialShapes() {}

    public static final int MAX = 65_536;

    static String fill(String unit) {
        return unit.repeat(MAX / unit.length());
    }

    /** The shapes, one or more per detector. Also sent over HTTP by {@code AdversarialDetectionTest}. */
    public static Stream<String> all() {
        return Stream.of(
                        // ipv4: leading zeros, five-part numbers, versions with suffixes
                        "010.001.",
                        "1.2.3.4.5.",
                        "5.15.153.1-",
                        "kernel 1.2.3.4 ",
                        // ipv6: mapped, compressed, scopes, hex words
                        "::ffff:",
                        "::ffff:1.2.3.4:",
                        "fe80::1:",
                        "a::b ",
                        "dead::beef::",
                        "::",
                        "1:2:3:4:5:6:7:",
                        // mac
                        "00:1A:",
                        "00-1a-",
                        "001a.2b3c.",
                        // email: Unicode local parts and domains, many addresses
                        "é",
                        "josé@",
                        "x@bü.",
                        "josé@contoso.com ",
                        "a@b.",
                        // phone: every form, near-misses that the library must refuse
                        "+44 (0)20 ",
                        "0049 ",
                        "020 7946 ",
                        "+999 1234 5678 ",
                        "(425) 555-",
                        "0201 0201 ",
                        "05.01.2026 ",
                        "+49 30 12345678 ",
                        "(020 7946 0958 ",
                        // card
                        "4111.1111.",
                        "4111-1111-1111-1112 ",
                        "4111 1111 1111 1111 ",
                        // sid
                        "S-1-5-21-",
                        "S-1-12-1-",
                        // user-path
                        "/users/",
                        "C:/Users/",
                        "C:\\Users\\",
                        "C:\\Documents and Settings\\",
                        "C:\\Users\\a b ",
                        // credential
                        "-----BEGIN PRIVATE KEY-----",
                        "-----BEGIN RSA PRIVATE KEY-----\nMIIE",
                        "Password=",
                        "AccountKey=",
                        "Pwd={",
                        "Pwd={[redacted:",
                        "password: ",
                        "password:password:",
                        "\"password\":",
                        "\\\"password\\\":\\\"",
                        "://a:b",
                        "https://u:p@",
                        "AKIA",
                        "ghp_",
                        "github_pat_",
                        "xoxb-",
                        "Basic ",
                        "Basic dXNlcjpwYXNz ",
                        "basic aaaaaaaa ",
                        // token
                        "Bearer a ",
                        "eyJ",
                        // credential: every syntax of key and value, flags, pairs, elements, formats
                        "{'password': '",
                        "'password': 'x', ",
                        "&{Password:",
                        "Password:x ",
                        "token: a1 ",
                        "IdentityToken: ",
                        "DB_PASS=a&",
                        "DB_PASS=a&b",
                        "password=x&y=",
                        "--password ",
                        "--password x ",
                        "-p ",
                        "mysql -p ",
                        "mysql -px ",
                        "docker login -p ",
                        "net use /user:a ",
                        "ConvertTo-SecureString ",
                        "(ConvertTo-SecureString -String ",
                        "key=\"DbPassword\" ",
                        "{\"name\":\"DB_PASSWORD\",",
                        "name: DB_PASSWORD\n",
                        "<Password>",
                        "<Password>x",
                        "Authorization: SharedKey ",
                        "Cookie: a=",
                        "$p = ConvertTo-SecureString ",
                        "glpat-",
                        "glpat-aaaaaaaaaaaaaaaaaaaaaaaa ",
                        "hvs.",
                        "sk_live_",
                        "xoxp-1",
                        "LS0tLS1CRUdJTi",
                        "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ",
                        "abc1Q~",
                        "hooks.slack.com/services/",
                        "redis://:",
                        "redis://:p@",
                        "a://b:c/@",
                        "://:@/",
                        // decoded forms: escapes everywhere, escapes of findings
                        "%40",
                        "%2F",
                        "%E2%82",
                        "%2Fhome%2Fa",
                        "a%40b.co ",
                        "\\u0040",
                        "\\x40",
                        "\\xc3\\xa9",
                        "&#64;",
                        "&#x40;",
                        "&#",
                        // network identifiers: tcpdump ports, dashed host names, MAC runs, labelled hex
                        "IP 10.1.2.3.53 > ",
                        "10.1.2.3.53: ",
                        "1.2.3.4.5: ",
                        "ip-10-0-1-2",
                        "ip-10-0-1-2.",
                        "10-1-2-3.a ",
                        "1-2-3-4-",
                        "MAC=00:15:5d:01:02:0a:",
                        "MAC=00:",
                        "bssid: 001a2b3c4d5e ",
                        "bssid: ",
                        "001a2b3c4d5e ",
                        "fe80::1.546 > ",
                        "ff02::1:",
                        // user paths with spaces, home shares
                        "/Users/John Smith",
                        "/Users/John ",
                        "/home/a\\ B",
                        "\\\\fs\\home$\\",
                        "\\\\fs\\a\\",
                        // phone, ssn, card groupings
                        "1-425-555-0100 ",
                        "1-425-",
                        "1 (",
                        "123 45 6789 ",
                        "123 45 ",
                        "123.45.6789 ",
                        "SSN: 123456789 ",
                        "123456789 ",
                        "4111 1111-1111 1111 ",
                        "4111 1111 11111 ",
                        // versions and numbers that are none of these
                        "1 ",
                        "1-2-3-",
                        "123-45-")
                .map(AdversarialShapes::fill);
    }
}
