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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.reuseport.cache.CacheInvalidation;
import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.SharedCacheWeigher;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CacheCoherence} over a transport held in memory, which stands for the
 * broker so that outages can be made exactly.
 *
 * @author reuseport team
 */
class CacheCoherenceTests {

	private final SharedCache sharedCache = new SharedCache("test", DataSize.ofKilobytes(64), DataSize.ofKilobytes(8),
			null, SharedCacheWeigher.estimating());

	private final MemoryTransport transport = new MemoryTransport();

	private final CacheCoherence coherence = new CacheCoherence(this.sharedCache, null, this.transport, 3,
			Duration.ZERO);

	@Test
	void invalidationsArePublishedWhileConnected() {
		this.coherence.start();
		this.sharedCache.invalidate("k");
		this.sharedCache.put("p", "v");
		assertThat(this.transport.published).hasSize(2);
		assertThat(invalidations(this.transport.published.get(1)))
			.containsExactly(new CacheInvalidation.SharedKey("p"));
		assertThat(this.coherence.getPublished()).isEqualTo(2);
	}

	@Test
	void invalidationsOfOthersAreMadeAndOwnAreIgnored() {
		this.coherence.start();
		this.sharedCache.put("k", "v");
		String own = this.transport.published.get(0);
		this.transport.receiver.received(own);
		assertThat(this.sharedCache.getFutureIfPresent("k")).isNotNull();
		this.transport.receiver.received(new InvalidationMessage("other",
				List.of(InvalidationMessage.line(new CacheInvalidation.SharedKey("k"))))
			.write());
		assertThat(this.sharedCache.getFutureIfPresent("k")).isNull();
		assertThat(this.coherence.getReceived()).isEqualTo(1);
		assertThat(this.transport.published).hasSize(1);
	}

	@Test
	void unreadableMessagesAreCountedAndChangeNothing() {
		this.coherence.start();
		this.sharedCache.put("k", "v");
		this.sharedCache.put("j", "v");
		this.transport.receiver.received("rp1 other\nshared-key ?\nshared-key sj");
		this.transport.receiver.received("not a message");
		assertThat(this.coherence.getRejected()).isEqualTo(2);
		assertThat(this.sharedCache.getFutureIfPresent("k")).isNotNull();
		assertThat(this.sharedCache.getFutureIfPresent("j")).isNull();
	}

	@Test
	void invalidationsWhileDownArePublishedWhenTheLinkIsBack() {
		this.coherence.start();
		this.transport.connected = false;
		this.sharedCache.invalidate("a");
		this.sharedCache.invalidate("b");
		assertThat(this.transport.published).isEmpty();
		assertThat(this.coherence.getPending()).isEqualTo(2);
		this.transport.comeUp();
		assertThat(this.transport.published).singleElement()
			.satisfies((message) -> assertThat(invalidations(message))
				.containsExactly(new CacheInvalidation.SharedKey("a"), new CacheInvalidation.SharedKey("b")));
		assertThat(this.coherence.getPending()).isZero();
		assertThat(this.coherence.getPublished()).isEqualTo(2);
	}

	@Test
	void invalidationsMadeWhileAMessageIsOnItsWayGoTogetherInTheNext() {
		this.coherence.start();
		Sinks.Empty<Void> broker = Sinks.empty();
		this.transport.next = broker.asMono();
		this.sharedCache.invalidate("first");
		this.sharedCache.invalidate("a");
		this.sharedCache.invalidate("b");
		this.sharedCache.invalidate("a");
		assertThat(this.transport.published).hasSize(1);
		broker.tryEmitEmpty();
		assertThat(this.transport.published).hasSize(2);
		assertThat(invalidations(this.transport.published.get(1))).containsExactly(new CacheInvalidation.SharedKey("a"),
				new CacheInvalidation.SharedKey("b"));
		assertThat(this.coherence.getPublished()).as("duplicates go once").isEqualTo(3);
	}

	@Test
	void tooManyInvalidationsWhileDownBecomeOneInvalidationOfEverything() {
		this.coherence.start();
		this.transport.connected = false;
		for (int i = 0; i < 5; i++) {
			this.sharedCache.invalidate("k" + i);
		}
		assertThat(this.coherence.getDropped()).isEqualTo(2);
		this.transport.comeUp();
		assertThat(this.transport.published).singleElement()
			.satisfies(
					(message) -> assertThat(invalidations(message)).containsExactly(new CacheInvalidation.SharedAll()));
	}

	@Test
	void failedPublishIsKeptForTheLink() {
		this.coherence.start();
		this.transport.failing = true;
		this.sharedCache.invalidate("k");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.coherence.getPending() == 1);
		this.transport.failing = false;
		this.transport.comeUp();
		assertThat(this.transport.published).hasSize(1);
	}

	@Test
	void linkComingUpClearsWhatWasStoredBefore() {
		this.coherence.start();
		this.sharedCache.put("k", "v");
		this.transport.comeUp();
		assertThat(this.sharedCache.getEntries()).isZero();
		assertThat(this.coherence.getResyncs()).isEqualTo(1);
	}

	@Test
	void connectingWithEmptyCachesIsNoResync() {
		this.coherence.start();
		this.transport.comeUp();
		assertThat(this.coherence.getResyncs()).isZero();
	}

	@Test
	void messagesAreAtLeastThePublishIntervalApart() {
		SharedCache cache = new SharedCache("spaced", DataSize.ofKilobytes(64), DataSize.ofKilobytes(8), null,
				SharedCacheWeigher.estimating());
		new CacheCoherence(cache, null, this.transport, 100, Duration.ofMillis(200)).start();
		cache.invalidate("first");
		cache.invalidate("second");
		cache.invalidate("third");
		assertThat(this.transport.published).hasSize(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.transport.published.size() == 2);
		assertThat(invalidations(this.transport.published.get(1)))
			.containsExactly(new CacheInvalidation.SharedKey("second"), new CacheInvalidation.SharedKey("third"));
	}

	@Test
	void stopStopsTheTransport() {
		this.coherence.start();
		assertThat(this.coherence.isRunning()).isTrue();
		this.coherence.stop();
		assertThat(this.coherence.isRunning()).isFalse();
		assertThat(this.transport.receiver).isNull();
	}

	private static List<CacheInvalidation> invalidations(String message) {
		return InvalidationMessage.read(message).lines().stream().map(InvalidationMessage::invalidation).toList();
	}

	static final class MemoryTransport implements InvalidationTransport {

		final List<String> published = new CopyOnWriteArrayList<>();

		volatile Receiver receiver;

		volatile boolean connected = true;

		volatile boolean failing;

		volatile Mono<Void> next;

		@Override
		public void start(Receiver receiver) {
			this.receiver = receiver;
		}

		/**
		 * Come up as a real transport does: the receiver clears, then the link reports
		 * up, then the receiver is told.
		 */
		void comeUp() {
			this.receiver.connected();
			this.connected = true;
			this.receiver.up();
		}

		@Override
		public void stop() {
			this.receiver = null;
		}

		@Override
		public Mono<Void> publish(String message) {
			return Mono.defer(() -> {
				if (this.failing) {
					return Mono.error(new IllegalStateException("broker away"));
				}
				this.published.add(message);
				Mono<Void> completion = (this.next != null) ? this.next : Mono.empty();
				this.next = null;
				return completion;
			});
		}

		@Override
		public boolean isConnected() {
			return this.connected;
		}

		@Override
		public long getReconnects() {
			return 0;
		}

		@Override
		public String getChannel() {
			return "memory";
		}

	}

}
