/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends each of {@code count} URLs ({@code <base><prefix><i>}) exactly once, from
 * {@code concurrency} threads with a keep-alive connection each, and prints the latency
 * percentiles and how the cache answered (the first member of {@code Cache-Status}: a Redis
 * hit, a local hit, or the origin). Unlike wrk, it asks for a fixed set of URLs once each,
 * which is what a Redis hit needs: a second request for a URL is a local hit. Run as a
 * single-file program: {@code java -Djdk.httpclient.allowRestrictedHeaders=host
 * bench/LatencyProbe.java <concurrency> <base URL> <prefix> <count> [host]}, where
 * {@code host} is the {@code Host} header field to send (instances behind one ingress all
 * see the same one, and it is part of the cache key).
 *
 * @author reuseport team
 */
public final class LatencyProbe {

	private LatencyProbe() {
	}

	public static void main(String[] args) throws Exception {
		int concurrency = Integer.parseInt(args[0]);
		String base = args[1];
		String prefix = args[2];
		int count = Integer.parseInt(args[3]);
		String host = (args.length > 4) ? args[4] : null;
		long[] nanos = new long[count];
		String[] outcomes = new String[count];
		AtomicInteger next = new AtomicInteger();
		AtomicInteger errors = new AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < concurrency; t++) {
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(5))
				.build();
			threads.add(new Thread(() -> {
				for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
					HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + prefix + i))
						.timeout(Duration.ofSeconds(10));
					if (host != null) {
						builder.header("Host", host);
					}
					HttpRequest request = builder.build();
					long start = System.nanoTime();
					try {
						HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
						nanos[i] = System.nanoTime() - start;
						outcomes[i] = (response.statusCode() != 200) ? "status " + response.statusCode()
								: outcome(response.headers().firstValue("Cache-Status").orElse(""));
					}
					catch (Exception ex) {
						nanos[i] = System.nanoTime() - start;
						outcomes[i] = "error";
						errors.incrementAndGet();
					}
				}
			}));
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join();
		}
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		Map<String, Integer> tally = new TreeMap<>();
		for (String outcome : outcomes) {
			tally.merge(outcome, 1, Integer::sum);
		}
		System.out.printf("p50=%.3f p99=%.3f n=%d errors=%d outcomes=%s%n", millis(sorted, 0.50),
				millis(sorted, 0.99), count, errors.get(), tally.toString().replace(" ", ""));
	}

	private static String outcome(String cacheStatus) {
		if (cacheStatus.startsWith("reuseport-redis; hit")) {
			return "redis-hit";
		}
		if (cacheStatus.matches("^[^,]*; hit.*")) {
			return "local-hit";
		}
		return cacheStatus.contains("fwd=") ? "origin" : "other";
	}

	private static double millis(long[] sorted, double quantile) {
		int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

}
