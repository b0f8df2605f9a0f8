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

import org.junit.jupiter.api.Test;

import dev.reuseport.cache.CacheInvalidation;
import dev.reuseport.cache.ScopedKey;

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
		for (CacheInvalidation invalidation : invalidations) {
			InvalidationMessage message = new InvalidationMessage("origin-1", invalidation);
			assertThat(InvalidationMessage.read(message.write())).isEqualTo(message);
		}
	}

	@Test
	void sharedKeysOfEverySupportedTypeReadBackEqual() {
		UUID uuid = UUID.randomUUID();
		List<Object> keys = List.of("plain", "with spaces and : colons", "", 42L, 7, (short) 3, (byte) 1, true, 'x',
				uuid, SimpleKey.EMPTY, new ScopedKey("prices", "p1"), new ScopedKey("a:b", new ScopedKey("", 9L)));
		for (Object key : keys) {
			InvalidationMessage message = new InvalidationMessage("o", new CacheInvalidation.SharedKey(key));
			CacheInvalidation read = InvalidationMessage.read(message.write()).invalidation();
			assertThat(read).isEqualTo(new CacheInvalidation.SharedKey(key));
			assertThat(((CacheInvalidation.SharedKey) read).key()).hasSameClassAs(key);
		}
	}

	@Test
	void keyWithoutTextFormInvalidatesItsScope() {
		Object key = new ScopedKey("prices", new SimpleKey("a", 1));
		String text = new InvalidationMessage("o", new CacheInvalidation.SharedKey(key)).write();
		assertThat(InvalidationMessage.read(text).invalidation())
			.isEqualTo(new CacheInvalidation.SharedScope("prices"));
	}

	@Test
	void unscopedKeyWithoutTextFormInvalidatesEverything() {
		String text = new InvalidationMessage("o", new CacheInvalidation.SharedKey(new Object())).write();
		assertThat(InvalidationMessage.read(text).invalidation()).isEqualTo(new CacheInvalidation.SharedAll());
	}

	@Test
	void textThatIsNotAMessageIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.read("hello"));
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.read("rp2 o http-all"));
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.read("rp1 o http-tag"));
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.read("rp1 o drop-table x"));
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.read("rp1 o shared-key x1"))
			.withMessageContaining("Unknown key type 'x'");
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.read("rp1 o shared-key k99:ab"))
			.withMessageContaining("out of range");
	}

}
