import { AppError } from '../errors/app-error';
import { NoQueryParameters } from './no-query-parameters.pipe';

describe('NoQueryParameters', () => {
  const pipe = new NoQueryParameters();

  it('lets a request without query parameters through', () => {
    expect(() => pipe.transform({})).not.toThrow();
  });

  it('refuses any parameter with VALIDATION_FAILED and one detail per field', () => {
    let caught: unknown;
    try {
      pipe.transform({ userId: 'x', id: ['a', 'b'] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'userId: property userId should not exist',
      details: [
        { field: 'userId', errors: ['property userId should not exist'] },
        { field: 'id', errors: ['property id should not exist'] },
      ],
    });
  });
});
