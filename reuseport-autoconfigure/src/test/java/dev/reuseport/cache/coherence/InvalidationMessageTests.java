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

import java.util.List;
import java.util.UUID;

import dev.reuseport.cache.CacheInvalidation;
import dev.reuseport.cache.ScopedKey;
import org.junit.jupiter.api.Test;

import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link InvalidationMessage} and {@link SharedCacheKeyCodec}.
 *
 * @author reuseport team
 */
class InvalidationMessageTests {

	@Test
	void everyInvalidationReadsBackAsWritten() {
		List<CacheInvalidation> invalidations = List.of(new CacheInvalidation.HttpKey("shop.example/p?q=a b"),
				new CacheInvalidation.HttpKey("/p"), new CacheInvalidation.HttpTag("product-1"),
				new CacheInvalidation.HttpAll(), new CacheInvalidation.SharedScope("prices"),
				new CacheInvalidation.SharedAll());
		List<String> lines = invalidations.stream().map(InvalidationMessage::line).toList();
		InvalidationMessage message = InvalidationMessage.read(new InvalidationMessage("origin-1", lines).write());
		assertThat(message.origin()).isEqualTo("origin-1");
		assertThat(message.lines().stream().map(InvalidationMessage::invalidation).toList()).isEqualTo(invalidations);
	}

	@Test
	void lineBreaksAndBackslashesInArgumentsAreEscaped() {
		CacheInvalidation invalidation = new CacheInvalidation.SharedKey("two\nlines\r\n and \\ a backslash");
		String text = new InvalidationMessage("o", List.of(InvalidationMessage.line(invalidation))).write();
		InvalidationMessage read = InvalidationMessage.read(text);
		assertThat(read.lines()).hasSize(1);
		assertThat(InvalidationMessage.invalidation(read.lines().get(0))).isEqualTo(invalidation);
	}

	@Test
	void sharedKeysOfEverySupportedTypeReadBackEqual() {
		UUID uuid = UUID.randomUUID();
		List<Object> keys = List.of("plain", "with spaces and : colons", "", 42L, 7, (short) 3, (byte) 1, true, 'x',
				uuid, SimpleKey.EMPTY, new ScopedKey("prices", "p1"), new ScopedKey("a:b", new ScopedKey("", 9L)));
		for (Object key : keys) {
			CacheInvalidation read = roundTrip(new CacheInvalidation.SharedKey(key));
			assertThat(read).isEqualTo(new CacheInvalidation.SharedKey(key));
			assertThat(((CacheInvalidation.SharedKey) read).key()).hasSameClassAs(key);
		}
	}

	@Test
	void keyWithoutTextFormInvalidatesItsScope() {
		Object key = new ScopedKey("prices", new SimpleKey("a", 1));
		assertThat(roundTrip(new CacheInvalidation.SharedKey(key)))
			.isEqualTo(new CacheInvalidation.SharedScope("prices"));
	}

	@Test
	void unscopedKeyWithoutTextFormInvalidatesEverything() {
		assertThat(roundTrip(new CacheInvalidation.SharedKey(new Object())))
			.isEqualTo(new CacheInvalidation.SharedAll());
	}

	@Test
	void originIsRecognizedWithoutReadingTheLines() {
		String text = new InvalidationMessage("origin-1", List.of("http-all")).write();
		assertThat(InvalidationMessage.isFrom(text, "origin-1")).isTrue();
		assertThat(InvalidationMessage.isFrom(text, "origin-")).isFalse();
		assertThat(InvalidationMessage.isFrom(text, "origin-12")).isFalse();
		assertThat(InvalidationMessage.isFrom("rp1 origin-1", "origin-1")).isTrue();
		assertThat(InvalidationMessage.isFrom("rp2 origin-1\nhttp-all", "origin-1")).isFalse();
	}

	@Test
	void textThatIsNotAMessageIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.read("hello"));
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.read("rp2 o\nhttp-all"));
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.read("rp1 \nhttp-all"));
	}

	@Test
	void linesThatAreNotInvalidationsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.invalidation("http-tag"));
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.invalidation("drop-table x"));
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.invalidation("shared-key x1"))
			.withMessageContaining("Unknown key type 'x'");
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.invalidation("shared-key k99:ab"))
			.withMessageContaining("out of range");
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.invalidation("http-key a\\q"))
			.withMessageContaining("Unknown escape");
	}

	private static CacheInvalidation roundTrip(CacheInvalidation invalidation) {
		String text = new InvalidationMessage("o", List.of(InvalidationMessage.line(invalidation))).write();
		return InvalidationMessage.invalidation(InvalidationMessage.read(text).lines().get(0));
	}

}
