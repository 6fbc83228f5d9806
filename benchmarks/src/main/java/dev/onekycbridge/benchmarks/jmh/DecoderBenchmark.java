package dev.onekycbridge.benchmarks.jmh;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.onekycbridge.adapter.onekyc.OneKycClient;
import dev.onekycbridge.benchmarks.Payloads;
import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.port.out.MessageDecoder;
import dev.onekycbridge.core.submission.PlatformReport;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The decoder of callbacks and polled details ({@link OneKycClient#messageDecoder()}) on the platform's own
 * examples, beside the floor of any decoder: Moshi parsing the same text into plain maps and lists.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecoderBenchmark {
    @Param({"CERT_REG", "SIV"})
    public String payload;

    private String body;
    private CallbackChannel channel;
    private MessageDecoder decoder;
    private JsonAdapter<Object> plainMoshi;

    @Setup
    public void setUp() {
        body = payload.equals("SIV") ? Payloads.SIV_COMPLETED : Payloads.CERT_REG_COMPLETED_VALID;
        channel = payload.equals("SIV") ? CallbackChannel.SIV : CallbackChannel.ESIGN;
        decoder = OneKycClient.messageDecoder();
        plainMoshi = new Moshi.Builder().build().adapter(Object.class);
    }

    @Benchmark
    public PlatformReport decode() {
        return decoder.decode(channel, body);
    }

    @Benchmark
    public Object baselineMoshiToMap() throws IOException {
        return plainMoshi.fromJson(body);
    }
}
