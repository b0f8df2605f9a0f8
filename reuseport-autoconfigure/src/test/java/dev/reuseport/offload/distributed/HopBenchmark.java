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

package dev.reuseport.offload.distributed;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.reuseport.redis.RedisConnector;

/**
 * The distributed offload queue's own cost, for {@code bench/distributed-offload.sh}: one
 * JVM runs a worker (2 threads) and a submitter against a running redis-server on
 * loopback, and times a 1 ms CPU task run through the queue against the same task on a
 * local pool, one call at a time, in alternating rounds after a warm-up; then counts
 * empty tasks per second through the queue with 64 calls in flight. Not a test: run by
 * the script with the test class path.
 *
 * @author reuseport team
 */
public final class HopBenchmark {

	private HopBenchmark() {
	}

	public static void main(String[] arguments) throws Exception {
		int port = Integer.parseInt(arguments[0]);
		long warmupSeconds = Long.parseLong(arguments[1]);
		int rounds = Integer.parseInt(arguments[2]);
		int callsPerRound = Integer.parseInt(arguments[3]);
		RedisConnector connector = RedisConnector.forUrl("redis://127.0.0.1:" + port, Duration.ofSeconds(2));
		TaskStreams streams = TaskStreams.of("hop-" + System.nanoTime());
		TaskRegistry registry = new TaskRegistry();
		registry.register("spin", new Type[] { long.class }, (args, context) -> spin((long) args[0]));
		ExecutorService workerPool = Executors.newFixedThreadPool(2);
		TaskWorker worker = new TaskWorker(connector, streams, "worker", registry, new TaskArguments(), workerPool, 2,
				new TaskWorker.Settings(Duration.ofSeconds(10), 3, 5, Duration.ZERO));
		worker.start();
		TaskSubmitter submitter = new TaskSubmitter(connector, streams, "caller", 100_000);
		submitter.start();
		ExecutorService localPool = Executors.newFixedThreadPool(2);
		long spin = TimeUnit.MILLISECONDS.toNanos(1);
		long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
		while (System.nanoTime() < warmupEnd) {
			queued(submitter, spin);
			local(localPool, spin);
		}
		List<Long> queued = new ArrayList<>();
		List<Long> local = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < callsPerRound; i++) {
				queued.add(queued(submitter, spin));
			}
			for (int i = 0; i < callsPerRound; i++) {
				local.add(local(localPool, spin));
			}
		}
		long[] q = sorted(queued);
		long[] l = sorted(local);
		System.out.println(String.format(Locale.ROOT,
				"RESULT hop 1ms-task calls=%d local p50=%.3f ms p99=%.3f ms queued p50=%.3f ms p99=%.3f ms "
						+ "added p50=%.3f ms p99=%.3f ms",
				q.length, ms(percentile(l, 50)), ms(percentile(l, 99)), ms(percentile(q, 50)), ms(percentile(q, 99)),
				ms(percentile(q, 50) - percentile(l, 50)), ms(percentile(q, 99) - percentile(l, 99))));
		int inFlight = 64;
		long total = 0;
		long start = System.nanoTime();
		long end = start + TimeUnit.SECONDS.toNanos(10);
		List<CompletableFuture<String>> calls = new ArrayList<>();
		while (System.nanoTime() < end) {
			calls.clear();
			for (int i = 0; i < inFlight; i++) {
				calls.add(submitter.call("spin", "[0]", Duration.ofSeconds(30)));
			}
			CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			total += inFlight;
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.println(String.format(Locale.ROOT, "RESULT throughput empty-task in-flight=%d tasks/s=%.0f",
				inFlight, total / seconds));
		submitter.stop();
		worker.stop();
		workerPool.shutdownNow();
		localPool.shutdownNow();
		connector.destroy();
		System.exit(0);
	}

	private static long queued(TaskSubmitter submitter, long spin) throws Exception {
		long start = System.nanoTime();
		submitter.call("spin", "[" + spin + "]", Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
		return System.nanoTime() - start;
	}

	private static long local(ExecutorService pool, long spin) throws Exception {
		long start = System.nanoTime();
		pool.submit(() -> spin(spin)).get(30, TimeUnit.SECONDS);
		return System.nanoTime() - start;
	}

	private static long spin(long nanos) {
		long end = System.nanoTime() + nanos;
		long count = 0;
		while (System.nanoTime() < end) {
			count++;
		}
		return count;
	}

	private static long[] sorted(List<Long> values) {
		long[] array = values.stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(array);
		return array;
	}

	private static long percentile(long[] sorted, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static double ms(long nanos) {
		return nanos / 1e6;
	}

}
