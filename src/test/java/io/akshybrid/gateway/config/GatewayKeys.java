package io.akshybrid.gateway.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every key of the gateway's typed configuration ({@link GatewayConfig}), named as SmallRye names
 * them (a method {@code tokenSha256} of group {@code admin} is {@code gateway.admin.token-sha256}),
 * with its {@link WithDefault} value, if any. Nested groups are walked.
 */
public final class GatewayKeys {

    private GatewayKeys() {}

    /** Key to default; an empty default is a key without {@link WithDefault} (unset unless configured). */
    public static Map<String, Optional<String>> withDefaults() {
        Map<String, Optional<String>> out = new TreeMap<>();
        walk("gateway", GatewayConfig.class, out);
        return out;
    }

    private static void walk(String prefix, Class<?> type, Map<String, Optional<String>> out) {
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isDefault() || m.getParameterCount() > 0) {
                continue;
            }
            WithName named = m.getAnnotation(WithName.class);
            String key = prefix + "."
                    + (named != null
                            ? named.value()
                            : m.getName()
                                    .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                                    .toLowerCase());
            if (m.getReturnType().isInterface() && m.getReturnType().getEnclosingClass() == GatewayConfig.class) {
                walk(key, m.getReturnType(), out);
            } else {
                WithDefault d = m.getAnnotation(WithDefault.class);
                out.put(key, Optional.ofNullable(d).map(WithDefault::value));
            }
        }
    }
}
