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

import org.springframework.util.Assert;

/**
 * Decides when to add or remove a worker from the mean event-loop utilization of the
 * running workers, sampled over time (Platformatic Watt's defaults): add one when it
 * stays at or above {@code upUtilization} for {@code upWindow}, remove one when it stays
 * below {@code downUtilization} for {@code downWindow}, never more often than once per
 * {@code cooldown}, within {@code [minWorkers, maxWorkers]}. Not thread-safe: used by one
 * scaler thread.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class ScalingPolicy {

	private final int minWorkers;

	private final int maxWorkers;

	private final double upUtilization;

	private final long upWindow;

	private final double downUtilization;

	private final long downWindow;

	private final long cooldown;

	private long aboveSince = -1;

	private long belowSince = -1;

	private long lastChange = Long.MIN_VALUE / 2;

	/**
	 * Create a policy.
	 * @param minWorkers the fewest workers, at least 1
	 * @param maxWorkers the most workers, at least {@code minWorkers}
	 * @param upUtilization the utilization at or above which to add a worker
	 * @param upWindow how long it must last
	 * @param downUtilization the utilization below which to remove a worker
	 * @param downWindow how long it must last
	 * @param cooldown the least time between two changes
	 */
	public ScalingPolicy(int minWorkers, int maxWorkers, double upUtilization, Duration upWindow,
			double downUtilization, Duration downWindow, Duration cooldown) {
		Assert.isTrue(minWorkers >= 1, "'minWorkers' must be at least 1");
		Assert.isTrue(maxWorkers >= minWorkers, "'maxWorkers' must not be less than 'minWorkers'");
		Assert.isTrue(downUtilization < upUtilization, "'downUtilization' must be less than 'upUtilization'");
		this.minWorkers = minWorkers;
		this.maxWorkers = maxWorkers;
		this.upUtilization = upUtilization;
		this.upWindow = upWindow.toNanos();
		this.downUtilization = downUtilization;
		this.downWindow = downWindow.toNanos();
		this.cooldown = cooldown.toNanos();
	}

	/**
	 * Take a sample and decide.
	 * @param now the time of the sample, in {@link System#nanoTime()} terms
	 * @param utilization the mean event-loop utilization of the running workers, NaN if
	 * unknown (resets the windows)
	 * @param workers the number of running workers
	 * @return {@code +1} to add a worker, {@code -1} to remove one, {@code 0} otherwise
	 */
	public int decide(long now, double utilization, int workers) {
		if (Double.isNaN(utilization)) {
			this.aboveSince = -1;
			this.belowSince = -1;
			return 0;
		}
		this.aboveSince = (utilization >= this.upUtilization) ? ((this.aboveSince < 0) ? now : this.aboveSince) : -1;
		this.belowSince = (utilization < this.downUtilization) ? ((this.belowSince < 0) ? now : this.belowSince) : -1;
		if (now - this.lastChange < this.cooldown) {
			return 0;
		}
		if (this.aboveSince >= 0 && now - this.aboveSince >= this.upWindow && workers < this.maxWorkers) {
			return changed(now, 1);
		}
		if (this.belowSince >= 0 && now - this.belowSince >= this.downWindow && workers > this.minWorkers) {
			return changed(now, -1);
		}
		return 0;
	}

	private int changed(long now, int change) {
		this.lastChange = now;
		this.aboveSince = -1;
		this.belowSince = -1;
		return change;
	}

	public int getMinWorkers() {
		return this.minWorkers;
	}

	public int getMaxWorkers() {
		return this.maxWorkers;
	}

}
