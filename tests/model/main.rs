//! Model-based and property tests of the service, in process.
