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

package dev.reuseport.server.supervision;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ScalingPolicy}, on a fake clock.
 *
 * @author reuseport team
 */
class ScalingPolicyTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private final ScalingPolicy policy = new ScalingPolicy(1, 3, 0.8, Duration.ofSeconds(10), 0.2,
			Duration.ofSeconds(60), Duration.ofSeconds(20));

	@Test
	void addsAWorkerWhenUtilizationStaysHighForTheUpWindow() {
		assertThat(this.policy.decide(0, 0.9, 2)).isZero();
		assertThat(this.policy.decide(9 * SECOND, 0.85, 2)).isZero();
		assertThat(this.policy.decide(10 * SECOND, 0.8, 2)).isEqualTo(1);
	}

	@Test
	void aDipBelowTheThresholdRestartsTheWindow() {
		this.policy.decide(0, 0.9, 2);
		this.policy.decide(5 * SECOND, 0.5, 2);
		assertThat(this.policy.decide(10 * SECOND, 0.9, 2)).isZero();
		assertThat(this.policy.decide(20 * SECOND, 0.9, 2)).isEqualTo(1);
	}

	@Test
	void removesAWorkerWhenUtilizationStaysLowForTheDownWindow() {
		assertThat(this.policy.decide(0, 0.1, 2)).isZero();
		assertThat(this.policy.decide(59 * SECOND, 0.1, 2)).isZero();
		assertThat(this.policy.decide(60 * SECOND, 0.1, 2)).isEqualTo(-1);
	}

	@Test
	void waitsForTheCooldownAfterAChange() {
		this.policy.decide(0, 0.9, 1);
		assertThat(this.policy.decide(10 * SECOND, 0.9, 1)).isEqualTo(1);
		this.policy.decide(11 * SECOND, 0.9, 2);
		assertThat(this.policy.decide(21 * SECOND, 0.9, 2)).as("in the cooldown").isZero();
		assertThat(this.policy.decide(30 * SECOND, 0.9, 2)).isEqualTo(1);
	}

	@Test
	void staysWithinTheBounds() {
		this.policy.decide(0, 0.95, 3);
		assertThat(this.policy.decide(60 * SECOND, 0.95, 3)).isZero();
		ScalingPolicy down = new ScalingPolicy(1, 3, 0.8, Duration.ofSeconds(10), 0.2, Duration.ofSeconds(60),
				Duration.ofSeconds(20));
		down.decide(0, 0.0, 1);
		assertThat(down.decide(120 * SECOND, 0.0, 1)).isZero();
	}

	@Test
	void unknownUtilizationResetsTheWindows() {
		this.policy.decide(0, 0.9, 2);
		this.policy.decide(5 * SECOND, Double.NaN, 2);
		assertThat(this.policy.decide(10 * SECOND, 0.9, 2)).isZero();
	}

	@Test
	void boundsMustBeConsistent() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new ScalingPolicy(3, 2, 0.8, Duration.ofSeconds(1), 0.2, Duration.ofSeconds(1), Duration.ZERO))
			.withMessage("'maxWorkers' must not be less than 'minWorkers'");
	}

}
