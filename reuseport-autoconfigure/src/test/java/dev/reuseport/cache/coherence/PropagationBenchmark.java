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

package dev.reuseport.cache.coherence;

import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.coherence.CoherentInstance.Reply;
import dev.reuseport.testsupport.RedisServer;
import reactor.core.publisher.Mono;

/**
 * Measures the propagation delay of invalidations between two instances A and B linked
 * through a real {@code redis-server} on loopback: for each of N keys, B holds an entry,
 * A invalidates it, and the clock runs until B no longer has it. Two paths: the shared
 * cache ({@code SharedCache.invalidate}, B's store polled directly) and the HTTP response
 * cache (an Actuator purge by key on A, B polled with GETs until one is not a hit).
 * Prints {@code RESULT} lines with p50, p99 and max in microseconds. Run by
 * {@code bench/coherence.sh}; not a test.
 *
 * @author reuseport team
 */
public final class PropagationBenchmark {

	private PropagationBenchmark() {
	}

	public static void main(String[] arguments) throws Exception {
		int count = (arguments.length > 0) ? Integer.parseInt(arguments[0]) : 1000;
		RedisServer redis = new RedisServer();
		redis.start();
		String application = "bench-" + UUID.randomUUID();
		try (CoherentInstance a = CoherentInstance.start(redis, application, "logging.level.root=WARN");
				CoherentInstance b = CoherentInstance.start(redis, application, "logging.level.root=WARN")) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
			while (!(a.coherence().isConnected() && b.coherence().isConnected())) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("link not up");
				}
				Thread.sleep(10);
			}
			sharedCache(a, b, count / 5);
			report("shared-cache", sharedCache(a, b, count));
			http(a, b, count / 5);
			report("http-cache", http(a, b, count));
		}
		finally {
			redis.stop();
		}
	}

	private static long[] sharedCache(CoherentInstance a, CoherentInstance b, int count) {
		SharedCache there = b.sharedCache();
		long[] micros = new long[count];
		for (int i = 0; i < count; i++) {
			String key = "k-" + UUID.randomUUID();
			there.get(key, () -> Mono.just("v")).block();
			long start = System.nanoTime();
			a.sharedCache().invalidate(key);
			while (there.getFutureIfPresent(key) != null) {
				Thread.onSpinWait();
				if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(5)) {
					throw new IllegalStateException("not propagated: " + key);
				}
			}
			micros[i] = (System.nanoTime() - start) / 1000;
		}
		return micros;
	}

	private static long[] http(CoherentInstance a, CoherentInstance b, int count) {
		long[] micros = new long[count];
		for (int i = 0; i < count; i++) {
			String path = "/echo?cc=max-age=60&t=" + UUID.randomUUID();
			b.get(path);
			if (!b.get(path).hit()) {
				throw new IllegalStateException("not stored: " + path);
			}
			long start = System.nanoTime();
			a.httpResponseCache().invalidate(path);
			Reply reply;
			do {
				reply = b.get(path);
				if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(5)) {
					throw new IllegalStateException("not propagated: " + path);
				}
			}
			while (reply.hit());
			micros[i] = (System.nanoTime() - start) / 1000;
		}
		return micros;
	}

	private static void report(String name, long[] micros) {
		long[] sorted = micros.clone();
		Arrays.sort(sorted);
		System.out.printf("RESULT %s n=%d p50_us=%d p99_us=%d max_us=%d%n", name, sorted.length,
				sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.99) - 1],
				sorted[sorted.length - 1]);
	}

}
