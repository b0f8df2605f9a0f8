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

package dev.reuseport.cache.http;

import java.util.concurrent.atomic.AtomicLong;

import dev.reuseport.cache.http.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CircuitBreaker}, on a clock the test moves.
 *
 * @author reuseport team
 */
class CircuitBreakerTests {

	private final AtomicLong now = new AtomicLong();

	private final CircuitBreaker breaker = new CircuitBreaker(3, 1000, this.now::get);

	@Test
	void failuresInARowOpenIt() {
		assertThat(this.breaker.failed()).isFalse();
		assertThat(this.breaker.failed()).isFalse();
		assertThat(this.breaker.allow()).isTrue();
		assertThat(this.breaker.failed()).isTrue();
		assertThat(this.breaker.getState()).isEqualTo(State.OPEN);
		assertThat(this.breaker.allow()).isFalse();
	}

	@Test
	void aSuccessInBetweenStartsTheCountAgain() {
		this.breaker.failed();
		this.breaker.failed();
		this.breaker.succeeded();
		this.breaker.failed();
		this.breaker.failed();
		assertThat(this.breaker.getState()).isEqualTo(State.CLOSED);
	}

	@Test
	void onceOpenForItsTimeItLetsOneTrialThrough() {
		this.breaker.open();
		this.now.addAndGet(999);
		assertThat(this.breaker.allow()).isFalse();
		this.now.addAndGet(1);
		assertThat(this.breaker.allow()).as("the trial").isTrue();
		assertThat(this.breaker.getState()).isEqualTo(State.HALF_OPEN);
		assertThat(this.breaker.allow()).as("while the trial runs").isFalse();
	}

	@Test
	void successfulTrialClosesIt() {
		this.breaker.open();
		this.now.addAndGet(1000);
		this.breaker.allow();
		assertThat(this.breaker.succeeded()).isTrue();
		assertThat(this.breaker.allow()).isTrue();
		assertThat(this.breaker.succeeded()).as("already closed").isFalse();
	}

	@Test
	void failedTrialOpensItAgainForItsWholeTime() {
		this.breaker.open();
		this.now.addAndGet(1000);
		this.breaker.allow();
		assertThat(this.breaker.failed()).isTrue();
		assertThat(this.breaker.getState()).isEqualTo(State.OPEN);
		this.now.addAndGet(999);
		assertThat(this.breaker.allow()).isFalse();
	}

}
