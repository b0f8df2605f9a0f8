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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.reuseport.cache.CacheInvalidation;
import dev.reuseport.cache.ScopedKey;
import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.SharedCacheWeigher;
import dev.reuseport.cache.coherence.CacheCoherenceTests.MemoryTransport;
import dev.reuseport.cache.http.HttpResponseCache;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests that messages on the invalidation channel are read as hostile input: in one pass,
 * with bounded nesting and size, and that no message, however built, stops the next one
 * from being applied. The fuzz test's seed is printed; {@code -Dfuzz.seed=N} replays it.
 *
 * @author reuseport team
 */
class HostileInvalidationMessagesTests {

	private static final int FUZZED_MESSAGES = 20_000;

	@Test
	void deeplyNestedKeyIsRejectedNotAStackOverflow() {
		String key = "k1:a".repeat(8000) + "sX";
		assertThatIllegalArgumentException().isThrownBy(() -> SharedCacheKeyCodec.decode(key))
			.withMessageContaining("nested deeper than " + SharedCacheKeyCodec.MAX_DEPTH);
	}

	@Test
	void hugeNestedKeyIsRejectedInOnePass() {
		String key = "k1:a".repeat(200_000) + "sX";
		assertThatIllegalArgumentException().isThrownBy(() -> SharedCacheKeyCodec.decode(key));
	}

	@Test
	void scopeLengthBeyondAnIntIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> SharedCacheKeyCodec.decode("k2147483647:x"));
		assertThatIllegalArgumentException().isThrownBy(() -> SharedCacheKeyCodec.decode("k99999999999:x"));
		assertThatIllegalArgumentException().isThrownBy(() -> SharedCacheKeyCodec.decode("k-1:x"));
		assertThatIllegalArgumentException().isThrownBy(() -> SharedCacheKeyCodec.decode("k:x"));
	}

	@Test
	void nestingUpToTheLimitReadsBack() {
		Object key = "v";
		for (int i = 0; i < SharedCacheKeyCodec.MAX_DEPTH; i++) {
			key = new ScopedKey("s" + i, key);
		}
		String text = SharedCacheKeyCodec.encode(key);
		assertThat(text).isNotNull();
		assertThat(SharedCacheKeyCodec.decode(text)).isEqualTo(key);
		assertThat(SharedCacheKeyCodec.encode(new ScopedKey("deeper", key))).as("no text form: published as its scope")
			.isNull();
	}

	@Test
	void messageWithTooManyLinesIsRejected() {
		String text = "rp1 o" + "\nhttp-all".repeat(InvalidationMessage.MAX_LINES + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.read(text));
	}

	@Test
	void theReportedMessagesAreCountedAndTheNextValidOneIsApplied() {
		Link link = new Link();
		link.receive("rp1 x\nshared-key " + "k1:a".repeat(8000) + "sX");
		link.receive("rp1 x\nshared-key " + "k1:a".repeat(200_000) + "sX");
		link.receive("rp1 x\nshared-key k2147483647:x");
		assertThat(link.coherence.getRejected()).isEqualTo(3);
		link.assertStillCoherent();
	}

	@Test
	void fuzzedMessagesNeverStopTheNextValidOne() {
		long seed = Long.getLong("fuzz.seed", System.nanoTime());
		System.out.println("HostileInvalidationMessagesTests seed: " + seed);
		Random random = new Random(seed);
		Link link = new Link();
		for (int i = 0; i < FUZZED_MESSAGES; i++) {
			link.receive(fuzzed(random));
		}
		assertThat(link.coherence.getRejected()).as("seed %d", seed).isPositive();
		link.assertStillCoherent();
	}

	/**
	 * A message made of pieces of the grammar (headers, types, key prefixes, lengths,
	 * escapes) and random characters.
	 */
	private static String fuzzed(Random random) {
		String[] pieces = { "rp1 ", "rp1 x\n", "rp2 ", "\n", " ", "http-key ", "http-tag ", "http-all", "shared-key ",
				"shared-scope ", "shared-all", "k", "k1:", "k2147483647:", "k-5:", ":", "s", "l", "i", "h", "b", "z",
				"c", "u", "e", "\\", "\\n", "\\x", "9", "99999999999999999999", "-", "\u0000", "\uD800", "é", "\r" };
		StringBuilder text = new StringBuilder(random.nextBoolean() ? "rp1 fuzz\n" : "");
		int parts = random.nextInt(40);
		for (int i = 0; i < parts; i++) {
			if (random.nextInt(5) == 0) {
				text.append((char) random.nextInt(0x3000));
			}
			else {
				text.append(pieces[random.nextInt(pieces.length)]);
			}
		}
		if (random.nextInt(200) == 0) {
			text.append("k1:a".repeat(random.nextInt(50_000)));
		}
		return text.toString();
	}

	/**
	 * Both caches behind a link, the way another instance's messages reach them.
	 */
	static final class Link {

		final SharedCache sharedCache = new SharedCache("fuzz", DataSize.ofMegabytes(1), DataSize.ofKilobytes(64), null,
				SharedCacheWeigher.estimating());

		final HttpResponseCache httpResponseCache = new HttpResponseCache("fuzz", DataSize.ofMegabytes(1),
				DataSize.ofKilobytes(64));

		final MemoryTransport transport = new MemoryTransport();

		final CacheCoherence coherence = new CacheCoherence(this.sharedCache, this.httpResponseCache, this.transport,
				100, Duration.ZERO);

		Link() {
			this.coherence.start();
			this.transport.comeUp();
		}

		void receive(String message) {
			this.coherence.received(message);
		}

		void assertStillCoherent() {
			this.sharedCache.get("kept", () -> Mono.just("value")).block(Duration.ofSeconds(5));
			this.sharedCache.get(new ScopedKey("prices", "p1"), () -> Mono.just("1")).block(Duration.ofSeconds(5));
			List<String> lines = new ArrayList<>();
			lines.add(InvalidationMessage.line(new CacheInvalidation.SharedKey("kept")));
			lines.add(InvalidationMessage.line(new CacheInvalidation.SharedKey(new ScopedKey("prices", "p1"))));
			long received = this.coherence.getReceived();
			this.coherence.received(new InvalidationMessage("another-instance", lines).write());
			assertThat(this.coherence.getReceived()).isEqualTo(received + 2);
			assertThat(this.sharedCache.getFutureIfPresent("kept")).isNull();
			assertThat(this.sharedCache.getFutureIfPresent(new ScopedKey("prices", "p1"))).isNull();
		}

	}

}
