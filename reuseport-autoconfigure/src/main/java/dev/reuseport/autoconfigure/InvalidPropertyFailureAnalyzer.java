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

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;

/**
 * Reports an {@link InvalidPropertyException}: which property, the value and where it was
 * set, what it must be, and, as the action, what to set instead. Runs before Spring
 * Boot's generic bind failure report, whose action only says to update the configuration.
 *
 * @author reuseport team
 */
class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPropertyException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPropertyException cause) {
		BindException bind = findCause(rootFailure, BindException.class);
		Origin origin = (bind != null && bind.getProperty() != null) ? bind.getProperty().getOrigin() : null;
		String description = cause.getMessage() + ((origin != null) ? " (set in " + origin + ")" : "") + ".";
		String action = "Update '" + cause.getProperty() + "' in your configuration: it must " + cause.getRequirement()
				+ ". Remove it to use its default.";
		return new FailureAnalysis(description, action, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
