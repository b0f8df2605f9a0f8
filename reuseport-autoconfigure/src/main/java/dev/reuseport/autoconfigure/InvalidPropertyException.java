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

package dev.reuseport.autoconfigure;

/**
 * Thrown when a {@code reuseport.*} property is bound to a value it cannot take. Every
 * such check is made once, where the property is bound (the setters of
 * {@link ReusePortProperties} and {@link ReusePortCacheProperties}), and
 * {@link InvalidPropertyFailureAnalyzer} turns it into a start-up report that says what
 * to set.
 *
 * @author reuseport team
 * @since 0.2.0
 */
public class InvalidPropertyException extends IllegalArgumentException {

	private final String property;

	private final String requirement;

	InvalidPropertyException(String property, Object value, String requirement) {
		super("'" + property + "' must " + requirement + " but was " + value);
		this.property = property;
		this.requirement = requirement;
	}

	/**
	 * Throw unless a value meets its requirement.
	 * @param valid whether the value meets the requirement
	 * @param property the full name of the property
	 * @param value the value
	 * @param requirement what the value must do, such as {@code be between 1 and 256}
	 * @throws InvalidPropertyException if it does not
	 */
	static void check(boolean valid, String property, Object value, String requirement) {
		if (!valid) {
			throw new InvalidPropertyException(property, value, requirement);
		}
	}

	/**
	 * Return the full name of the property.
	 * @return the property, such as {@code reuseport.worker-threads}
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return what the value must do.
	 * @return the requirement, such as {@code be between 1 and 256}
	 */
	public String getRequirement() {
		return this.requirement;
	}

}
