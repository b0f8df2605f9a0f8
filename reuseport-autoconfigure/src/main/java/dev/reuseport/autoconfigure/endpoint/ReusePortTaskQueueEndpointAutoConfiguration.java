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

package dev.reuseport.autoconfigure.endpoint;

import dev.reuseport.actuate.endpoint.ReusePortTaskQueueEndpoint;
import dev.reuseport.autoconfigure.ReusePortDistributedOffloadAutoConfiguration;
import dev.reuseport.offload.distributed.TaskQueueAdmin;
import dev.reuseport.offload.distributed.TaskSubmitter;
import dev.reuseport.offload.distributed.TaskWorker;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link ReusePortTaskQueueEndpoint}, when the distributed
 * offload queue is on.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration(after = ReusePortDistributedOffloadAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean({ TaskWorker.class, TaskSubmitter.class, TaskQueueAdmin.class })
@ConditionalOnAvailableEndpoint(ReusePortTaskQueueEndpoint.class)
@EnableConfigurationProperties(ReusePortTaskQueueEndpointProperties.class)
public final class ReusePortTaskQueueEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReusePortTaskQueueEndpoint reusePortTaskQueueEndpoint(TaskWorker worker, TaskSubmitter submitter,
			TaskQueueAdmin admin, ReusePortTaskQueueEndpointProperties properties) {
		return new ReusePortTaskQueueEndpoint(worker, submitter, admin, properties.getShowValues(),
				properties.getRoles());
	}

}
