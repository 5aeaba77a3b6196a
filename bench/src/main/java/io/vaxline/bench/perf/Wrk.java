package io.vaxline.bench.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP reads from {@code wrk} (the Debian package), a separate process written in C: a Lua script
 * picks each request's path from a list at random. wrk keeps each connection busy (a closed loop
 * per connection), so what it reports is the throughput at saturation and the latency at that load.
 */
final class Wrk {

    static final String EXECUTABLE = "/usr/bin/wrk";

    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|75|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");

    /** What one run of wrk reported. */
    record Run(double requestsPerSecond, long requests, long non2xx, long socketErrors, Map<String, Double> latencyMs) {
        Map<String, Object> summary() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("requestsPerSecond", Math.round(requestsPerSecond));
            s.put("requests", requests);
            s.put("non2xx", non2xx);
            s.put("socketErrors", socketErrors);
            s.putAll(latencyMs);
            return s;
        }
    }

    static boolean installed() {
        return Files.isExecutable(Path.of(EXECUTABLE));
    }

    /** A Lua script that sends GET requests to {@code paths}, chosen at random. */
    static Path script(Path folder, List<String> paths) throws IOException {
        StringBuilder lua = new StringBuilder("paths = {\n");
        for (String path : paths) {
            lua.append("  \"").append(path.replace("\"", "")).append("\",\n");
        }
        lua.append("}\n")
                .append("math.randomseed(os.time())\n")
                .append("request = function()\n")
                .append("  return wrk.format(\"GET\", paths[math.random(#paths)])\n")
                .append("end\n");
        Files.createDirectories(folder);
        Path file = folder.resolve("reads.lua");
        Files.writeString(file, lua);
        return file;
    }

    static Run run(String baseUrl, Path script, int threads, int connections, Duration duration)
            throws IOException, InterruptedException {
        Process wrk = new ProcessBuilder(EXECUTABLE, "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--latency", "--timeout", "5s", "-s", script.toString(), baseUrl)
                .redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes());
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        Matcher rps = REQUESTS_PER_SECOND.matcher(output);
        if (!rps.find()) {
            throw new IllegalStateException("No Requests/sec in wrk's output:\n" + output);
        }
        Map<String, Double> latency = new LinkedHashMap<>();
        Matcher p = PERCENTILE.matcher(output);
        while (p.find()) {
            double value = Double.parseDouble(p.group(2));
            double ms = switch (p.group(3)) {
                case "us" -> value / 1000;
                case "s" -> value * 1000;
                default -> value;
            };
            latency.put("p" + p.group(1) + "Ms", Math.round(ms * 100) / 100.0);
        }
        Matcher non2xx = NON_2XX.matcher(output);
        Matcher errors = ERRORS.matcher(output);
        long socketErrors = 0;
        if (errors.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(errors.group(g));
            }
        }
        Matcher total = TOTAL.matcher(output);
        return new Run(Double.parseDouble(rps.group(1)), total.find() ? Long.parseLong(total.group(1)) : 0,
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors, latency);
    }
}
