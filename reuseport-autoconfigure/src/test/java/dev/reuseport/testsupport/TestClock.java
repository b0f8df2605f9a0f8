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

package dev.reuseport.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs at the system clock's pace, from the system's time or from a chosen
 * instant, until a test {@link #freeze() freezes} it; a frozen clock moves only when the
 * test {@link #advance advances} it, so that ages and remaining lifetimes are exact
 * instead of depending on how long the test ran. Starting it at a chosen instant lets a
 * test run on any day (a day of the month with one digit, a midnight) whatever today is.
 *
 * @author reuseport team
 */
public final class TestClock extends Clock {

	private final Duration offset;

	private volatile Instant frozen;

	/**
	 * Create a clock that shows the system's time.
	 */
	public TestClock() {
		this.offset = Duration.ZERO;
	}

	/**
	 * Create a clock that shows {@code start} now and runs on from there.
	 * @param start the instant to start at
	 */
	public TestClock(Instant start) {
		this.offset = Duration.between(Instant.now(), start);
	}

	/**
	 * Stop the clock at its current whole second.
	 */
	public void freeze() {
		this.frozen = Instant.ofEpochSecond(running().getEpochSecond());
	}

	/**
	 * Stop the clock at an instant, such as another clock's frozen one.
	 * @param instant the instant
	 */
	public void freezeAt(Instant instant) {
		this.frozen = instant;
	}

	/**
	 * Move a frozen clock forward.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		Instant at = this.frozen;
		if (at == null) {
			throw new IllegalStateException("Freeze the clock before advancing it");
		}
		this.frozen = at.plus(duration);
	}

	/**
	 * Follow the system clock again.
	 */
	public void release() {
		this.frozen = null;
	}

	@Override
	public Instant instant() {
		Instant at = this.frozen;
		return (at != null) ? at : running();
	}

	private Instant running() {
		return Instant.now().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("A TestClock is always in UTC");
	}

}
