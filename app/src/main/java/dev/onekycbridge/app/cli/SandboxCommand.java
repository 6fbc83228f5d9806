package dev.onekycbridge.app.cli;

import dev.onekycbridge.sandbox.CallbackChannel;
import dev.onekycbridge.sandbox.CallbackTarget;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxHost;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code sandbox}: the platform emulator alone, until stopped. */
public final class SandboxCommand implements Command {
    /** How the sandbox's {@link CallbackTarget} begins each refusal of a URL, which it never quotes. */
    private static final String CALLBACK_URL_REFUSAL = "callback url";

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public String usage() {
        return "[--port 8090] [--host 127.0.0.1] [--esign-callback URL] [--coe-callback URL] [--siv-callback URL]"
                + " [--callback-auth VALUE] [--public-base-url URL]";
    }

    @Override
    public String summary() {
        return "Runs the OneKYC sandbox alone: an emulator of the platform's token, Esign and COE APIs with presigned"
                + " uploads, outcome triggers, fault injection and real callbacks, controlled under /_sandbox/.";
    }

    @Override
    public int run(Args args, Map<String, String> environment, PrintStream out, PrintStream err)
            throws InterruptedException {
        SandboxOptions options = options(args);
        int port = options.port();
        String host = options.host();
        SandboxServer sandbox;
        try {
            sandbox = SandboxServer.start(options);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof java.net.BindException) {
                // Commonly a sandbox already running on 8090: say which option moves it, not only the JDK's words.
                throw new UsageException("cannot listen on " + host + ":" + port + " (" + e.getCause().getMessage()
                        + "); choose another --port or --host");
            }
            if (e.getCause() instanceof java.net.UnknownHostException) {
                throw new UsageException("cannot listen on " + host + " (no address of that name); choose another"
                        + " --host");
            }
            throw e;
        }
        describe(sandbox, options, out);
        out.println("Stop with Ctrl-C.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        stopped.await();
        return 0;
    }

    /** What the command line asks for, refused as a usage error before anything starts. */
    static SandboxOptions options(Args args) {
        int port = args.intOption("port", 8090);
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be a port number from 0 to 65535");
        }
        String host = args.option("host").orElse(SandboxOptions.DEFAULT_HOST);
        String publicBaseUrl = args.option("public-base-url").map(SandboxCommand::publicBaseUrl).orElse(null);
        SandboxConfig config = SandboxConfig.defaults();
        String auth = args.option("callback-auth").orElse(null);
        boolean anyCallback = false;
        for (CallbackChannel channel : CallbackChannel.values()) {
            String option = channel.name().toLowerCase(Locale.ROOT) + "-callback";
            var url = args.option(option);
            if (url.isPresent()) {
                config = config.withCallback(channel, target(option, url.get(), auth));
                anyCallback = true;
            }
        }
        if (auth != null && !anyCallback) {
            throw new UsageException("--callback-auth is sent with callbacks: give --esign-callback, --coe-callback"
                    + " or --siv-callback too");
        }
        args.rejectUnknown();
        return new SandboxOptions(port, host, publicBaseUrl, config);
    }

    /**
     * What is wrong with a callback URL, as the sandbox says it ("must name a host", "port must be a number from 1
     * to 65535"), without the URL; a URL that does not parse, or a refusal worded otherwise, as not one at all.
     */
    private static String refusal(Exception e) {
        String sandboxSays = CALLBACK_URL_REFUSAL + " ";
        String message = e.getMessage();
        if (e instanceof IllegalArgumentException && message != null && message.startsWith(sandboxSays)) {
            return message.substring(sandboxSays.length());
        }
        return "must be an absolute http(s) URL";
    }

    /**
     * The address clients reach the sandbox by, when it is not the one it listens on ({@code --host 0.0.0.0},
     * a proxy, a container): presigned and launch URLs are written with it. The path of every such URL is
     * appended, so a query or fragment would end up in the middle of it.
     */
    private static String publicBaseUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null
                    && uri.getFragment() == null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // Said below, without the value.
        }
        throw new UsageException("--public-base-url must be an absolute http(s) URL without query or fragment,"
                + " e.g. http://sandbox.example:8090");
    }

    /** The messages name the option only: a URL may carry credentials, and the auth value is a secret. */
    private static CallbackTarget target(String option, String url, String auth) {
        CallbackTarget target;
        try {
            // Parsed apart: URI's own message quotes the text, which the sandbox's never do.
            new URI(url);
            target = CallbackTarget.post(url);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UsageException("--" + option + " " + refusal(e));
        }
        if (auth == null) {
            return target;
        }
        try {
            return target.withAuthHeader("Authorization", auth);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--callback-auth must be a single-line header value");
        }
    }

    /**
     * What a bridge needs to use this sandbox: the three hosts' base URLs as the settings that take them (each host
     * under its own prefix, so a call sent to the wrong host fails here as it would against the platform), the
     * default credentials and partners, and the control API.
     */
    static void describe(SandboxServer sandbox, SandboxOptions options, PrintStream out) {
        out.println("OneKYC sandbox listening on " + sandbox.baseUrl());
        // A bridge elsewhere reaches the sandbox by the public base URL when one is given, as presigned URLs do.
        String reachedAt = options.publicBaseUrl() != null ? options.publicBaseUrl() : sandbox.baseUrl();
        out.println("  ONEKYC_AUTH_BASE_URL=" + SandboxHost.ESIGN_TOKEN.baseUrl(reachedAt));
        out.println("  ONEKYC_COE_AUTH_BASE_URL=" + SandboxHost.COE_TOKEN.baseUrl(reachedAt));
        out.println("  ONEKYC_API_BASE_URL=" + SandboxHost.GATEWAY.baseUrl(reachedAt));
        out.println("  credentials   client-id " + SandboxConfig.DEFAULT_CLIENT_ID + ", pass-key "
                + SandboxConfig.DEFAULT_PASS_KEY);
        out.println("  partners      " + SandboxConfig.CERT_REG_PARTNER + ", " + SandboxConfig.KTP_SCAN_PARTNER + ", "
                + SandboxConfig.SIV_PARTNER);
        out.println("  control API   " + sandbox.baseUrl() + "/_sandbox/config");
        if (options.publicBaseUrl() != null) {
            out.println("  public URL    " + options.publicBaseUrl() + " (in presigned and launch URLs)");
        }
    }
}
