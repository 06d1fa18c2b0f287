package io.akshybrid.gateway.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets found by the structure that carries them, one case per syntax; the decoded forms; the
 * words of keys. In each case the key is kept and the value replaced, and the same text with a key
 * that names no secret is left alone.
 */
class StructureTest {

    private static final String C = "[redacted:credential]";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            k=v                       | DB_PASS=hunter2xyz                                | DB_PASS=$
            k = v                     | ssl_key_passphrase = hunter2xyz                   | ssl_key_passphrase = $
            k="v"                     | client_secret="hunter 2"                          | client_secret="$"
            k: v (YAML)               | password: hunter2xyz                              | password: $
            k: v mid-line             | login failed, password: hunter2 for bob           | login failed, password: $ for bob
            "k": "v" (JSON)           | {"AccountKey": "abc+/def=="}                      | {"AccountKey": "$"}
            'k': 'v' (Python)         | {'user': 'admin', 'password': 'hunter2xyz'}       | {'user': 'admin', 'password': '$'}
            Go %+v                    | &{User:admin Password:hunter2xyz Port:5432}       | &{User:admin Password:$ Port:5432}
            Go map                    | map[region:eastus token:c0ffee12]                 | map[region:eastus token:$]
            HTTP header               | Ocp-Apim-Subscription-Key: 0123abcd4567           | Ocp-Apim-Subscription-Key: $
            x-api-key header          | x-api-key: 0123abcd4567                           | x-api-key: $
            Authorization scheme      | Authorization: SharedKey acct:c2ln==              | Authorization: SharedKey $
            Cookie                    | Cookie: session=abc123; theme=dark                | Cookie: $
            --flag value              | backup --password hunter2xyz --verbose            | backup --password $ --verbose
            --flag=value              | kubectl --token=abc123def get pods                | kubectl --token=$ get pods
            -Flag value (PowerShell)  | New-LocalUser -Name bob -Password 'P@ss w0rd'     | New-LocalUser -Name bob -Password '$'
            ConvertTo-SecureString    | ConvertTo-SecureString 'P@ssw0rd!' -AsPlainText  | ConvertTo-SecureString '$' -AsPlainText
            mysql -p value            | mysql -u root -p hunter2xyz -h db                 | mysql -u root -p $ -h db
            mysql -pvalue             | mysql -u root -phunter2xyz -h db                  | mysql -u root -p$ -h db
            redis-cli -a value        | redis-cli -h cache -a hunter2xyz ping             | redis-cli -h cache -a $ ping
            docker login -p           | docker login -u bob -p hunter2xyz contoso.io      | docker login -u bob -p $ contoso.io
            net use /user:            | net use Z: \\\\fs\\x /user:CONTOSO\\bob Pa55! /y    | net use Z: \\\\fs\\x /user:CONTOSO\\bob $ /y
            XML attribute pair        | <add key="DbPassword" value="hunter2xyz" />       | <add key="DbPassword" value="$" />
            JSON name/value pair      | {"name":"DB_PASSWORD","value":"hunter2xyz"}       | {"name":"DB_PASSWORD","value":"$"}
            Go name/value pair        | EnvVar{Name:API_TOKEN,Value:abc123,}              | EnvVar{Name:API_TOKEN,Value:$,}
            XML element               | <Password>hunter2xyz</Password>                   | <Password>$</Password>
            Ruby hash                 | {"password" => "hunter2xyz"}                      | {"password" => "$"}
            env dump with &           | DB_PASSWORD=Tr0ub4dor&3x LOG=info                 | DB_PASSWORD=$ LOG=info
            query string              | ?user=bob&password=hunter2&next=%2F               | ?user=bob&password=$&next=%2F
            registry auth (base64)    | {"auth":"dXNlcjpodW50ZXIyeHl6"}                   | {"auth":"$"}
            kubectl --from-literal    | --from-literal=password=hunter2xyz                | --from-literal=password=$
            """)
    void givenAKeyThatNamesASecret_whenRedacted_thenTheKeyIsKeptAndTheValueReplaced(
            String syntax, String sent, String stored) {
        assertEquals(stored.replace("$", C), PiiScanner.redact(sent).text(), syntax);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Password: must be at least 8 characters",
                "passwordExpired=true hasPassword=false",
                "key=value mode=0644",
                "secretName: db-creds",
                "max_tokens=4096 nextPageToken=abc123",
                "SharedAccessKeyName=RootManageSharedAccessKey",
                "--password-file /etc/agent/password",
                "--kubelet-client-key=/etc/kubernetes/pki/kubelet.key",
                "docker run -p 8080:80 nginx",
                "psql -h db -p 5432 -U app",
                "password=${DB_PASSWORD} token={{ .Values.token }}",
                "$password = ConvertTo-SecureString $plain -AsPlainText",
                "auth=\"{Username:bob Auth: IdentityToken: RegistryToken:}\"",
                "audit: sig=31 arch=c000003e",
                "token_type=Bearer HTTP/1.1",
                "if (password == null || token != expected)"
            })
    void givenTextWhereNoKeyHoldsASecretValue_whenRedacted_thenItIsKept(String text) {
        assertEquals(text, PiiScanner.redact(text).text());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            percent-encoded e-mail  | login_hint=jane.doe%40contoso.com&x=1   | login_hint=[redacted:email]&x=1
            percent-encoded path    | path=%2Fhome%2Fjsmith%2Fx.pdf           | path=[redacted:user-path]%2Fx.pdf
            percent-encoded phone   | phone=%2B14255550100                    | phone=[redacted:phone]
            UTF-8 percent-encoded   | to=jos%C3%A9%40contoso.com              | to=[redacted:email]
            \\u escapes             | {"u":"jane\\u0040contoso.com"}          | {"u":"[redacted:email]"}
            \\x escapes             | b'jane\\x40contoso.com'                 | b'[redacted:email]'
            character references    | mailto:jane&#64;contoso.com             | mailto:[redacted:email]
            encoded secret          | password%3Dhunter2xyz%26a%3D1           | password%3D[redacted:credential]%26a%3D1
            encoded address         | peer%3D10.1.2.3%3A443                   | peer%3D[redacted:ipv4]%3A443
            encoded twice           | hint=jane.doe%2540contoso.com           | hint=[redacted:email]
            """)
    void givenPersonalDataInAnEncodedForm_whenRedacted_thenItIsFoundDecodedAndReplacedInTheOriginal(
            String form, String sent, String stored) {
        assertEquals(stored, PiiScanner.redact(sent).text(), form);
        assertTrue(PiiScanner.detect(sent).isPresent(), "detected too");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "systemd unit var-lib-kubelet-pods-0d6f6a34\\x2d2c8e\\x2d4a8e.mount",
                "cpu 95% mem 40%",
                "scope=repository%3Aapp%3Apull&service=contoso.azurecr.io",
                "C:\\Users\\Public\\xa0 and \\u00e9t\\u00e9",
                "100%25 done &#8212; ok"
            })
    void givenEscapesThatHoldNothingPersonal_whenRedacted_thenTheTextIsKeptAsWritten(String text) {
        assertEquals(text, PiiScanner.redact(text).text());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "DB_PASS",
                "AccountKey",
                "x-api-key",
                "client_secret",
                "ssl_key_passphrase",
                "client-key-data",
                "PGPASSWORD",
                "VAULT_TOKEN",
                "X-Amz-Signature",
                "aws_secret_access_key",
                "Ocp-Apim-Subscription-Key",
                "privateKey",
                "requirepass"
            })
    void givenAKeyMadeOfSecretWords_whenClassified_thenItNamesASecret(String key) {
        assertTrue(SecretKeys.isSecretKey(key), key);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "key",
                "passwordExpired",
                "secretName",
                "max_tokens",
                "nextPageToken",
                "SharedAccessKeyName",
                "aws_access_key_id",
                "token_type",
                "publicKey",
                "bypass",
                "password_file"
            })
    void givenAKeyThatOnlyMentionsASecret_whenClassified_thenItDoesNot(String key) {
        assertFalse(SecretKeys.isSecretKey(key), key);
    }
}
