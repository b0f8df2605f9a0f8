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

package dev.reuseport.autoconfigure.health;

import dev.reuseport.actuate.health.TaskQueueHealthIndicator;
import dev.reuseport.autoconfigure.ReusePortDistributedOffloadAutoConfiguration;
import dev.reuseport.offload.distributed.TaskWorker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code reuseportTaskQueue} health indicator, when the
 * distributed offload queue is on. It belongs to no probe group.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration(after = ReusePortDistributedOffloadAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(TaskWorker.class)
@ConditionalOnEnabledHealthIndicator("reuseporttaskqueue")
public final class ReusePortTaskQueueHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "reuseportTaskQueueHealthIndicator")
	TaskQueueHealthIndicator reuseportTaskQueueHealthIndicator(TaskWorker worker) {
		return new TaskQueueHealthIndicator(worker);
	}

}
