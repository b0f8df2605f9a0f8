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

import dev.reuseport.actuate.health.ReusePortHealthContributor;
import dev.reuseport.actuate.health.ReusePortReadinessHealthIndicator;
import dev.reuseport.autoconfigure.ReusePortWebServerAutoConfiguration;
import dev.reuseport.server.supervision.WorkerGroup;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the reuseport health contributors: {@code reuseport}, one entry
 * per worker, and {@code reuseportReadiness}, up while at least one worker accepts.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration(after = ReusePortWebServerAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthContributor.class, WorkerGroup.class })
@ConditionalOnEnabledHealthIndicator("reuseport")
public final class ReusePortHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnBean(WorkerGroup.class)
	@ConditionalOnMissingBean(name = "reuseportHealthContributor")
	ReusePortHealthContributor reuseportHealthContributor(WorkerGroup workerGroup) {
		return new ReusePortHealthContributor(workerGroup);
	}

	/**
	 * Present even without reuseport workers (then always up), so that a readiness group
	 * naming it keeps working when {@code reuseport.enabled=false}.
	 * @param workerGroup the worker group, absent with {@code reuseport.enabled=false}
	 * @return the indicator
	 */
	@Bean
	@ConditionalOnMissingBean(name = "reuseportReadinessHealthIndicator")
	ReusePortReadinessHealthIndicator reuseportReadinessHealthIndicator(ObjectProvider<WorkerGroup> workerGroup) {
		WorkerGroup group = workerGroup.getIfAvailable();
		return (group != null) ? new ReusePortReadinessHealthIndicator(group)
				: ReusePortReadinessHealthIndicator.withoutWorkers();
	}

}
