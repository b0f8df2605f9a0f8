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

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;

/**
 * Properties of an endpoint that shows values, following Spring Boot's model for
 * endpoints that do ({@code env}, {@code configprops}).
 *
 * @author reuseport team
 * @since 0.1.0
 */
public abstract class EndpointValuesProperties {

	/**
	 * When to show the values the endpoint names (stored keys and tags, task arguments),
	 * which can carry session ids, e-mail addresses and tokens; otherwise each is shown
	 * as a keyed digest.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles that may see the values when show-values is 'when-authorized'. When empty,
	 * every authenticated user may.
	 */
	private Set<String> roles = new LinkedHashSet<>();

	public Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

}
